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
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class UserIdCsvTest {

    @Test
    void countsDistinctIds() throws Exception {
        assertEquals(3, count("USER_ID\nu1\nu2\nu1\nu3\nu2\n"));
        assertEquals(2, count("user_id\r\nu1\r\nu2\r\n"));
        assertEquals(2, count("\uFEFFUser_Id\nu1\nu2"));
        assertEquals(2, count("\"USER_ID\"\n\"u1\"\nu1\n\"u,2\"\n\n\n"));
        assertEquals(1, count("USER_ID\n\"say \"\"hi\"\"\"\n"));
        // Blank lines at the end, spaces alone included; between rows, a blank line is an empty id.
        assertEquals(2, count("USER_ID\nu1\nu2\n  \n\t\n"));
        assertProblem("USER_ID\nu1\n  \nu2\n", "Line 3 of f.csv has an empty user id.");
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
        assertProblem("USER_ID\nu1\n   \nu2\n", "Line 3 of f.csv has an empty user id.");
        assertProblem("USER_ID\nu1\nu2,x\n", "Line 3 of f.csv has more than one column; the file must have only"
                + " USER_ID.");
        assertProblem("USER_ID\n" + "a".repeat(257) + "\n", "Line 2 of f.csv has a user id longer than 256"
                + " characters.");
        assertProblem("USER_ID\n\"a\"b\"\n", "Line 2 of f.csv has a badly quoted user id.");
    }

    @Test
    void aLoneCarriageReturnEndsALine() throws Exception {
        // Excel for Mac's "CSV (Macintosh)" ends lines with CR alone.
        assertEquals(3, count("USER_ID\ru1\ru2\ru3\r"));
        assertEquals(2, count("\uFEFFUSER_ID\ru1\r\nu2\r\r"));
        assertProblem("USER_ID\ru1\r\ru2\r", "Line 3 of f.csv has an empty user id.");
        // A long file of CR-ended lines is still one id a line, not one endless first line.
        assertEquals(1_000, count("USER_ID\r"
                + String.join("\r", IntStream.range(0, 1_000).mapToObj(i -> "id-" + i).toList())));
    }

    @Test
    void quotedIdsFollowTheCsvRules() throws Exception {
        assertEquals(1, count("USER_ID\n\"a\"\"b\"\na\"b\n"), "\"a\"\"b\" is a\"b, as unquoted a\"b");
        assertProblem("USER_ID\n\"a\",\"b\"\n", "Line 2 of f.csv has more than one column; the file must have only"
                + " USER_ID.");
        // A line break inside quotes: RFC 4180 would make it part of the id, which no user id holds. Never two ids.
        assertProblem("USER_ID\n\"first\nsecond\"\n", "Line 2 of f.csv has a quoted user id that does not end on"
                + " its line: close its quotes on the same line (a user id cannot hold a line break).");
        assertProblem("USER_ID\n\"\n", "Line 2 of f.csv has a quoted user id that does not end on its line: close"
                + " its quotes on the same line (a user id cannot hold a line break).");
    }

    @Test
    void theHeaderMayBeQuotedOrPaddedButHasOneColumn() throws Exception {
        assertEquals(1, count(" \"USER_ID\" \nu1\n"));
        assertEquals(1, count("\uFEFF\"user_id\"\r\nu1\r\n"));
        assertProblem("\uFEFF", "f.csv is empty: it must start with the header row USER_ID.");
        assertProblem("\uFEFF\r\n", "f.csv is empty: it must start with the header row USER_ID.");
        assertProblem("USER_ID," + "EVENT_TYPE,".repeat(60) + "\nu1\n", "Line 1 of f.csv is not the header"
                + " USER_ID: the file must start with USER_ID alone on its first line.");
    }

    @Test
    void idsAreComparedExactly() throws Exception {
        // Personalize's ids are case-sensitive strings: spaces and case are part of them.
        assertEquals(4, count("USER_ID\nu1\nU1\nu1 \n\" u1\"\nu1\n"));
    }

    @Test
    void aNulCharacterIsRefused() {
        assertProblem("USER_ID\nu1\nu2\u0000\n", "Line 3 of f.csv holds a NUL character, which is not text: save"
                + " the file as UTF-8 CSV.");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedOnTheirLine() {
        StringBuilder before = new StringBuilder("USER_ID\n");
        for (int i = 0; i < 5_000; i++) {
            before.append("user-").append(i).append('\n');
        }
        byte[] head = before.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = 'u';
        bytes[head.length + 1] = (byte) 0xC3;
        bytes[head.length + 2] = (byte) 0x28;
        InputProblem problem = assertThrows(InputProblem.class,
                () -> UserIdCsv.read(new ByteArrayInputStream(bytes), "f.csv", counter()));
        assertEquals("Line 5002 of f.csv is not UTF-8 text.", problem.getMessage());
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

    private static long count(String csv) throws InputProblem, IOException {
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
