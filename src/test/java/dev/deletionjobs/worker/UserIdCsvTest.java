package dev.deletionjobs.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class UserIdCsvTest {

    @Test
    void countsDistinctIds() throws Exception {
        assertEquals(3, count("USER_ID\nu1\nu2\nu1\nu3\nu2\n"));
        assertEquals(2, count("user_id\r\nu1\r\nu2\r\n"));
        assertEquals(2, count("\uFEFFUser_Id\nu1\nu2"));
        assertEquals(2, count("\"USER_ID\"\n\"u1\"\nu1\n\"u,2\"\n\n\n"));
        assertEquals(1, count("USER_ID\n\"say \"\"hi\"\"\"\n"));
        assertEquals(0, count("USER_ID\n"));
        assertEquals(1, count("USER_ID\n" + "é".repeat(256) + "\n"));
    }

    @Test
    void refusesWhatIsNotAUserIdFile() {
        assertProblem("", "f.csv is empty: it must start with the header row USER_ID.");
        assertProblem("\n", "f.csv is empty: it must start with the header row USER_ID.");
        assertProblem("ITEM_ID\nu1\n", "Line 1 of f.csv is not the header USER_ID: the file must start with USER_ID"
                + " alone on its first line.");
        assertProblem("USER_ID,ITEM_ID\nu1,i1\n", "Line 1 of f.csv is not the header USER_ID: the file must start"
                + " with USER_ID alone on its first line.");
        assertProblem("USER_ID\nu1\n\nu2\n", "Line 3 of f.csv has an empty user id.");
        assertProblem("USER_ID\nu1\n   \n", "Line 3 of f.csv has an empty user id.");
        assertProblem("USER_ID\nu1\nu2,x\n", "Line 3 of f.csv has more than one column; the file must have only"
                + " USER_ID.");
        assertProblem("USER_ID\n" + "a".repeat(257) + "\n", "Line 2 of f.csv has a user id longer than 256"
                + " characters.");
        assertProblem("USER_ID\n\"a\"b\"\n", "Line 2 of f.csv has a badly quoted user id.");
    }

    @Test
    void anEndlessLineIsRefusedWithoutBeingBuffered() {
        // 100 MB without a line break, generated as it is read: only a bounded line is ever held.
        InputStream endless = new InputStream() {
            private long left = 100_000_000;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        InputStream file = new SequenceInputStream(
                new ByteArrayInputStream("USER_ID\n".getBytes(StandardCharsets.UTF_8)), endless);
        InputProblem problem = assertThrows(InputProblem.class, () -> UserIdCsv.read(file, "f.csv", counter()));
        assertEquals("Line 2 of f.csv has a user id longer than 256 characters.", problem.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] bytes = { 'U', 'S', 'E', 'R', '_', 'I', 'D', '\n', 'u', (byte) 0xC3, (byte) 0x28, '\n' };
        InputProblem problem = assertThrows(InputProblem.class,
                () -> UserIdCsv.read(new ByteArrayInputStream(bytes), "f.csv", counter()));
        assertTrue(problem.getMessage().endsWith("of f.csv is not UTF-8 text."), problem.getMessage());
    }

    @Test
    void whatTheFileHoldsIsNeverQuotedBack() {
        InputProblem problem = assertThrows(InputProblem.class, () -> count("aws_secret=AKIAEXAMPLE\nu1\n"));
        assertTrue(!problem.getMessage().contains("AKIA") && !problem.getMessage().contains("aws_secret"),
                problem.getMessage());
    }

    private static int count(String csv) throws InputProblem, IOException {
        try (DistinctIds ids = counter()) {
            UserIdCsv.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "f.csv", ids);
            return ids.count();
        }
    }

    /** Counting in memory only: these files are far below the budget. */
    private static DistinctIds counter() {
        return new DistinctIds(1L << 20, Path.of("target/no-spill"), 0);
    }

    private static void assertProblem(String csv, String reason) {
        InputProblem problem = assertThrows(InputProblem.class, () -> count(csv));
        assertEquals(reason, problem.getMessage());
    }
}
