package dev.deletionjobs.store.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.Tag;

/** The {@code tags} column as PostgreSQL hands {@code jsonb} back: normalised spacing, any member order, escapes. */
class JobColumnsTest {

    @Test
    void readsTheTagsAsPostgresqlPrintsThem() throws SQLException {
        assertEquals(List.of(new Tag("team", "data"), new Tag("cost-center", "")),
                JobColumns.tags("[{\"tagKey\": \"team\", \"tagValue\": \"data\"},"
                        + " {\"tagKey\": \"cost-center\", \"tagValue\": \"\"}]"));
    }

    @Test
    void readsMembersInAnyOrderAndEscapedText() throws SQLException {
        assertEquals(List.of(new Tag("k\"ey", "v\\a\u00e9l\u2603")),
                JobColumns.tags("[{\"tagValue\": \"v\\\\a\\u00e9l\u2603\", \"tagKey\": \"k\\\"ey\"}]"));
    }

    @Test
    void readsNoTags() throws SQLException {
        assertEquals(List.of(), JobColumns.tags("[]"));
        assertEquals(List.of(), JobColumns.tags(null));
    }

    @Test
    void refusesAColumnThatIsNoArrayOfTags() {
        assertThrows(SQLException.class, () -> JobColumns.tags("{\"tagKey\": \"k\"}"));
        assertThrows(SQLException.class, () -> JobColumns.tags("[{\"tagKey\": 1, \"tagValue\": \"v\"}]"));
        assertThrows(SQLException.class, () -> JobColumns.tags("[{\"tagKey\": \"k\""));
    }
}
