package dev.deletionjobs.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
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
        Lines lines = new Lines(input, name);
        String header = lines.next();
        if (header != null && header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        if (header == null || (header.isBlank() && lines.next() == null)) {
            throw new InputProblem(name + " is empty: it must start with the header row USER_ID.");
        }
        if (!HEADER.equalsIgnoreCase(unquote(header.strip()).strip())) {
            throw notTheHeader(name);
        }
        long blankLine = 0;
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) {
                // Trailing blank lines (spaces alone too, as an editor leaves them) are tolerated; a blank row followed
                // by more rows is an empty user id.
                blankLine = blankLine == 0 ? lines.number() : blankLine;
                continue;
            }
            if (blankLine != 0) {
                throw new InputProblem("Line " + blankLine + " of " + name + " has an empty user id.");
            }
            ids.add(userId(line, lines.number(), name));
        }
    }

    /** The one field of a row: unquoted as RFC 4180 says ({@code "a""b"} is {@code a"b}), on one line only. */
    private static String userId(String line, long number, String name) throws InputProblem {
        String value = line;
        if (line.startsWith("\"")) {
            StringBuilder id = new StringBuilder(line.length());
            int at = 1;
            while (true) {
                if (at == line.length()) {
                    // Line breaks end rows even inside quotes: a row never becomes two ids, nor an id one with a break.
                    throw new InputProblem("Line " + number + " of " + name + " has a quoted user id that does not end"
                            + " on its line: close its quotes on the same line (a user id cannot hold a line break).");
                }
                char c = line.charAt(at++);
                if (c != '"') {
                    id.append(c);
                } else if (at < line.length() && line.charAt(at) == '"') {
                    id.append('"');
                    at++;
                } else {
                    break;
                }
            }
            if (at < line.length()) {
                throw line.charAt(at) == ',' ? moreThanOneColumn(number, name)
                        : new InputProblem("Line " + number + " of " + name + " has a badly quoted user id.");
            }
            value = id.toString();
        } else if (line.indexOf(',') >= 0) {
            throw moreThanOneColumn(number, name);
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

    private static InputProblem notTheHeader(String name) {
        // Never quoted back: the failure reason must not become a way to read what a source holds.
        return new InputProblem("Line 1 of " + name + " is not the header USER_ID: the file must start with USER_ID"
                + " alone on its first line.");
    }

    private static InputProblem moreThanOneColumn(long number, String name) {
        return new InputProblem("Line " + number + " of " + name
                + " has more than one column; the file must have only USER_ID.");
    }

    private static InputProblem tooLong(long number, String name) {
        return number == 1 ? notTheHeader(name)
                : new InputProblem("Line " + number + " of " + name + " has a user id longer than " + MAX_ID_LENGTH
                        + " characters.");
    }

    /**
     * Lines without their terminator ({@code \n}, {@code \r\n} or a lone {@code \r}), each at most
     * {@link #MAX_LINE_LENGTH} long, decoded as UTF-8 here so that a byte that is not UTF-8 is reported on its own line.
     */
    private static final class Lines {
        private final InputStream input;
        private final String name;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
        private final CharBuffer chars = CharBuffer.allocate(8192).flip();
        private final StringBuilder line = new StringBuilder(MAX_LINE_LENGTH);
        private boolean endOfInput;
        /** Every byte is decoded and the decoder flushed. */
        private boolean decoded;
        /** Decoding stopped at bytes that are not UTF-8: reported once the characters before them are read. */
        private boolean malformed;
        /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that line end. */
        private boolean afterCarriageReturn;
        private long number;

        Lines(InputStream input, String name) {
            this.input = input;
            this.name = name;
        }

        long number() {
            return number;
        }

        String next() throws IOException, InputProblem {
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (!chars.hasRemaining() && !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                char c = chars.get();
                if (afterCarriageReturn) {
                    afterCarriageReturn = false;
                    if (c == '\n') {
                        continue;
                    }
                }
                any = true;
                if (c == '\n') {
                    break;
                }
                if (c == '\r') {
                    afterCarriageReturn = true;
                    break;
                }
                if (c == 0) {
                    // Most often a UTF-16 file or a binary one: never part of an id.
                    throw new InputProblem("Line " + (number + 1) + " of " + name + " holds a NUL character, which"
                            + " is not text: save the file as UTF-8 CSV.");
                }
                if (line.length() == MAX_LINE_LENGTH) {
                    throw tooLong(number + 1, name);
                }
                line.append(c);
            }
            number++;
            return line.toString();
        }

        /** The next line holds a byte that is not UTF-8. */
        private InputProblem notUtf8() {
            return new InputProblem("Line " + (number + 1) + " of " + name + " is not UTF-8 text.");
        }

        /** Decodes the next characters; false at the end of the input. */
        private boolean fill() throws IOException, InputProblem {
            if (malformed) {
                throw notUtf8();
            }
            if (decoded) {
                return false;
            }
            chars.clear();
            while (true) {
                CoderResult result = decoder.decode(bytes, chars, endOfInput);
                if (result.isError()) {
                    malformed = true;
                    if (chars.position() == 0) {
                        throw notUtf8();
                    }
                    break;
                }
                if (result.isOverflow() || chars.position() > 0) {
                    break;
                }
                if (endOfInput) {
                    decoder.flush(chars);
                    decoded = true;
                    break;
                }
                bytes.compact();
                int read = input.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                if (read < 0) {
                    endOfInput = true;
                } else {
                    bytes.position(bytes.position() + read);
                }
                bytes.flip();
            }
            chars.flip();
            return chars.hasRemaining();
        }
    }
}
