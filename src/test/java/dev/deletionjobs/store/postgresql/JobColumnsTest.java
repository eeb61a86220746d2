package dev.deletionjobs.store.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.Tag;

/**
 * The {@code tags} column as PostgreSQL hands {@code jsonb} back (normalised spacing, any member order, escapes), and
 * the reads that leave it in the store.
 */
class JobColumnsTest {

    private static final AccountScope SCOPE = new AccountScope("000000000000", "us-east-1");

    @Test
    void aReadWithoutTagsSelectsTheSameColumnsButTheTags() {
        List<String> whole = List.of(JobColumns.SELECTED.split(", "));
        List<String> lean = List.of(JobColumns.SELECTED_WITHOUT_TAGS.split(", "));
        assertEquals(whole.size(), lean.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).equals("tags") ? "NULL" : whole.get(i), lean.get(i));
        }
        JobFilter filter = new JobFilter("arn:aws:personalize:us-east-1:000000000000:dataset-group/g", Set.of());
        for (JobSql read : List.of(
                JobSql.page(SCOPE, filter, null, ListOrder.NEWEST_FIRST, ListDirection.FORWARD, 21,
                        JobReading.WITHOUT_TAGS),
                JobSql.byArn(SCOPE, "arn", JobReading.WITHOUT_TAGS),
                JobSql.byArns(SCOPE, List.of("arn"), JobReading.WITHOUT_TAGS))) {
            assertFalse(read.sql().contains("tags"), read.sql());
        }
        assertTrue(JobSql.byArn(SCOPE, "arn", JobReading.WHOLE).sql().contains(" tags, "));
    }

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
