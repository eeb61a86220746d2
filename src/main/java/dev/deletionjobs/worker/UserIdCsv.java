package dev.deletionjobs.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the input of a data deletion job as Personalize defines it: a CSV file whose header is exactly
 * {@code USER_ID} (in any case) and whose rows each hold one non-empty user id of at most 256 characters. It reads
 * a bounded line at a time, never the whole file nor an endless line, and names the file and line of the first row
 * it cannot use.
 */
final class UserIdCsv {

    static final int MAX_ID_LENGTH = 256;
    private static final String HEADER = "USER_ID";
    /** Room for a quoted id whose every character is an escaped quote; anything longer cannot be one id. */
    private static final int MAX_LINE_LENGTH = MAX_ID_LENGTH * 2 + 3;

    private UserIdCsv() {
    }

    /**
     * Adds the user ids of one file to {@code ids}.
     *
     * @param name how the file is named in failure reasons (its location)
     * @throws InputProblem when the file is empty, has another header, or a row that is not one user id
     */
    static void read(InputStream input, String name, DistinctIds ids) throws InputProblem, IOException {
        Lines lines = new Lines(new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), name);
        String header = lines.next();
        if (header == null || (header.isBlank() && lines.next() == null)) {
            throw new InputProblem(name + " is empty: it must start with the header row USER_ID.");
        }
        header = unquote(header.startsWith("\uFEFF") ? header.substring(1) : header).strip();
        if (!HEADER.equalsIgnoreCase(header)) {
            // Never quoted back: the failure reason must not become a way to read what a source holds.
            throw new InputProblem("Line 1 of " + name + " is not the header USER_ID: the file must start with"
                    + " USER_ID alone on its first line.");
        }
        long blankLine = 0;
        String line;
        while ((line = lines.next()) != null) {
            if (line.isEmpty()) {
                // Trailing blank lines are tolerated; an empty row followed by more rows is an empty user id.
                blankLine = blankLine == 0 ? lines.number() : blankLine;
                continue;
            }
            if (blankLine != 0) {
                throw new InputProblem("Line " + blankLine + " of " + name + " has an empty user id.");
            }
            ids.add(userId(line, lines.number(), name));
        }
    }

    private static String userId(String line, long number, String name) throws InputProblem {
        String value = line;
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
            if (value.replace("\"\"", "").contains("\"")) {
                throw new InputProblem("Line " + number + " of " + name + " has a badly quoted user id.");
            }
            value = value.replace("\"\"", "\"");
        } else if (value.indexOf(',') >= 0) {
            throw new InputProblem("Line " + number + " of " + name
                    + " has more than one column; the file must have only USER_ID.");
        }
        if (value.isBlank()) {
            throw new InputProblem("Line " + number + " of " + name + " has an empty user id.");
        }
        if (value.codePointCount(0, value.length()) > MAX_ID_LENGTH) {
            throw tooLong(number, name);
        }
        return value;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    private static InputProblem tooLong(long number, String name) {
        return new InputProblem("Line " + number + " of " + name + " has a user id longer than " + MAX_ID_LENGTH
                + " characters.");
    }

    /** Lines without their terminator ({@code \n} or {@code \r\n}), each at most {@link #MAX_LINE_LENGTH} long. */
    private static final class Lines {
        private final Reader reader;
        private final String name;
        private final char[] buffer = new char[8192];
        private final StringBuilder line = new StringBuilder(MAX_LINE_LENGTH);
        private int position;
        private int limit;
        private long number;

        Lines(Reader reader, String name) {
            this.reader = reader;
            this.name = name;
        }

        long number() {
            return number;
        }

        String next() throws IOException, InputProblem {
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (position == limit && !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                any = true;
                char c = buffer[position++];
                if (c == '\n') {
                    break;
                }
                if (line.length() == MAX_LINE_LENGTH) {
                    throw tooLong(number + 1, name);
                }
                line.append(c);
            }
            number++;
            int length = line.length();
            if (length > 0 && line.charAt(length - 1) == '\r') {
                line.setLength(length - 1);
            }
            return line.toString();
        }

        private boolean fill() throws IOException, InputProblem {
            try {
                limit = reader.read(buffer);
            } catch (CharacterCodingException e) {
                throw new InputProblem("Line " + (number + 1) + " of " + name + " is not UTF-8 text.");
            }
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return false;
            }
            return true;
        }
    }
}
