package jp.jcstar.cli.batch;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A forgiving RFC 4180 reader for operator-made files (Excel exports included) and a writer for
 * result files.
 *
 * <p>Reading: UTF-8, with or without a byte-order mark; records end with CRLF or LF; fields may be
 * quoted with {@code "}, a quote inside a quoted field is doubled, and a quoted field may span lines.
 * Completely empty lines are skipped. Every record carries the 1-based physical line it starts on.
 * A record that breaks the syntax does not end the file: it is returned as a {@link Record} with an
 * {@link Record#error() error}, and reading resumes on the next line:
 * <ul>
 *   <li>text after a closing quote ({@code "abc"x,…}): the record ends at the end of that line;</li>
 *   <li>a quote that is never closed: the record is the single line it starts on, and reading resumes
 *       on the line after it (so one stray quote costs one row, not the rest of the file).</li>
 * </ul>
 */
final class Csv {
    private Csv() {}

    /** One record; {@code error} is non-null when the record is malformed (then {@code fields} is partial). */
    record Record(int line, List<String> fields, String error) {}

    /** The file is not UTF-8. */
    static final class NotUtf8Exception extends IOException {
        NotUtf8Exception(String message) {
            super(message);
        }
    }

    /** Decodes strict UTF-8 (a byte-order mark is dropped). */
    static String decode(byte[] bytes) throws NotUtf8Exception {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            // find the line for the message
            int line = 1;
            for (int i = start; i < bytes.length; i++) {
                if (bytes[i] == '\n') line++;
                if (bytes[i] < 0) {
                    int len = (bytes[i] & 0xE0) == 0xC0
                            ? 2
                            : (bytes[i] & 0xF0) == 0xE0 ? 3 : (bytes[i] & 0xF8) == 0xF0 ? 4 : 0;
                    if (len == 0 || i + len > bytes.length) break;
                    try {
                        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, i, len));
                    } catch (CharacterCodingException bad) {
                        break;
                    }
                    i += len - 1;
                }
            }
            throw new NotUtf8Exception("the file is not UTF-8 (first bad byte on line " + line
                    + "); save it as \"CSV UTF-8\" (Excel) or convert it, e.g. iconv -f SHIFT_JIS -t UTF-8");
        }
    }

    /** All records of {@code text} (already decoded); quoted fields may span lines. */
    static List<Record> parse(String text) {
        return parse(text, true);
    }

    /**
     * All records of {@code text}. With {@code multiline} false, a quoted field must close on the line
     * it opens on (for files whose values are all one line: a stray quote is then caught on its own line).
     */
    static List<Record> parse(String text, boolean multiline) {
        List<Record> out = new ArrayList<>();
        Parser p = new Parser(text, multiline);
        while (p.pos < text.length()) {
            Record r = p.next();
            if (r != null) out.add(r);
        }
        return out;
    }

    private static final class Parser {
        final String s;
        final boolean multiline;
        int pos;
        int line = 1;

        Parser(String s, boolean multiline) {
            this.s = s;
            this.multiline = multiline;
        }

        /** The next record, or null for an empty line. */
        Record next() {
            int startPos = pos;
            int startLine = line;
            if (atLineEnd(pos)) { // empty line
                skipLineEnd();
                return null;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            while (true) {
                if (pos < s.length() && s.charAt(pos) == '"') {
                    // quoted field
                    int openLine = line;
                    pos++;
                    boolean closed = false;
                    while (pos < s.length()) {
                        char c = s.charAt(pos);
                        if (c == '"') {
                            if (pos + 1 < s.length() && s.charAt(pos + 1) == '"') {
                                f.append('"');
                                pos += 2;
                                continue;
                            }
                            pos++;
                            closed = true;
                            break;
                        }
                        if (c == '\n') {
                            if (!multiline) break;
                            line++;
                        }
                        f.append(c);
                        pos++;
                    }
                    boolean trailing = closed && !(pos >= s.length() || s.charAt(pos) == ',' || atLineEnd(pos));
                    if (!closed || (trailing && line != openLine)) {
                        // A stray quote (it pairs with a quote on a later line, or with none): the record is
                        // its first line only; resynchronise on the line after it.
                        pos = startPos;
                        line = startLine;
                        skipToNextLine();
                        return new Record(
                                startLine,
                                fields,
                                "a quoted field opened on line " + openLine
                                        + (multiline ? " is never closed" : " is not closed on that line")
                                        + " (a stray \"? quotes inside a field must be doubled: \"\")");
                    }
                    if (trailing) {
                        int errLine = line;
                        skipToNextLine();
                        return new Record(
                                startLine,
                                fields,
                                "text after the closing quote of field " + (fields.size() + 1)
                                        + (errLine != startLine ? " (line " + errLine + ")" : "")
                                        + "; quote the whole field and double the quotes inside it (\"\")");
                    }
                } else {
                    while (pos < s.length() && s.charAt(pos) != ',' && !atLineEnd(pos)) {
                        char c = s.charAt(pos);
                        if (c == '"') {
                            int errLine = line;
                            skipToNextLine();
                            return new Record(
                                    startLine,
                                    fields,
                                    "a quote inside unquoted field " + (fields.size() + 1)
                                            + (errLine != startLine ? " (line " + errLine + ")" : "")
                                            + "; quote the whole field and double the quotes inside it (\"\")");
                        }
                        f.append(c);
                        pos++;
                    }
                }
                fields.add(f.toString());
                f.setLength(0);
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                skipLineEnd();
                return new Record(startLine, fields, null);
            }
        }

        boolean atLineEnd(int i) {
            return i >= s.length()
                    || s.charAt(i) == '\n'
                    || (s.charAt(i) == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) == '\n'));
        }

        void skipLineEnd() {
            if (pos < s.length() && s.charAt(pos) == '\r') pos++;
            if (pos < s.length() && s.charAt(pos) == '\n') {
                pos++;
                line++;
            }
        }

        void skipToNextLine() {
            while (pos < s.length() && s.charAt(pos) != '\n') pos++;
            if (pos < s.length()) {
                pos++;
                line++;
            }
        }
    }

    /** Writes one CSV record (RFC 4180: CRLF, quoting where needed). Formula-looking text is left as is. */
    static void write(Writer w, Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) w.write(',');
            String v = fields[i] == null ? "" : fields[i].toString();
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                w.write('"');
                w.write(v.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(v);
            }
        }
        w.write("\r\n");
    }
}
