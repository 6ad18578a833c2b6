package io.github.stance4j.text;

import io.github.stance4j.StanceDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A CSV table read strictly per RFC 4180, in UTF-8, with a header row: the format of stance4j's
 * training data and of the CLI's batch input and output.
 *
 * <p>Rules: fields are separated by commas; a field that contains a comma, a double quote or a
 * line break is wrapped in double quotes and its inner quotes are doubled; records end with LF or
 * CRLF. A leading UTF-8 byte-order mark is skipped. Lines that are completely empty are skipped.
 * Column names are matched case-insensitively after trimming.
 *
 * <p>Every problem is reported as a {@link StanceDataException} that names the source and the
 * 1-based line: bytes that are not UTF-8, an empty file, a quote inside an unquoted field, text
 * after a closing quote, a quoted field never closed, or a record with more or fewer fields than
 * the header. Instances are immutable and thread-safe.
 */
public final class CsvTable {

  /** One record of the table with the line it starts on. */
  public static final class Row {
    private final int line;
    private final List<String> fields;

    Row(int line, List<String> fields) {
      this.line = line;
      this.fields = Collections.unmodifiableList(fields);
    }

    /** The 1-based line on which this record starts. */
    public int line() {
      return line;
    }

    /** The fields in header order; unmodifiable. */
    public List<String> fields() {
      return fields;
    }
  }

  private final String source;
  private final List<String> header;
  private final Map<String, Integer> columns;
  private final List<Row> rows;

  private CsvTable(String source, List<String> header, List<Row> rows) {
    this.source = source;
    this.header = Collections.unmodifiableList(header);
    Map<String, Integer> cols = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      cols.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
    }
    this.columns = cols;
    this.rows = Collections.unmodifiableList(rows);
  }

  /**
   * Reads a CSV file.
   *
   * @throws NullPointerException if {@code file} is null
   * @throws IOException if the file cannot be read
   * @throws StanceDataException if the content breaks the rules above
   */
  public static CsvTable read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return parse(file.toString(), Files.readAllBytes(file));
  }

  /**
   * Reads CSV from a stream, which is read to its end but not closed.
   *
   * @param source a name for the data used in error messages
   * @throws IOException if the stream cannot be read
   * @throws StanceDataException if the content breaks the rules above
   */
  public static CsvTable read(InputStream in, String source) throws IOException {
    Objects.requireNonNull(in, "in");
    return parse(source, in.readAllBytes());
  }

  /**
   * Parses CSV bytes.
   *
   * @param source a name for the data used in error messages
   * @throws StanceDataException if the content breaks the rules above
   */
  public static CsvTable parse(String source, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    String text = decode(source, bytes);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw new StanceDataException(source, 0, "the file is empty; expected a header row");
    }
    List<Row> records = parseRecords(source, text);
    if (records.isEmpty()) {
      throw new StanceDataException(source, 0, "the file is empty; expected a header row");
    }
    Row head = records.get(0);
    List<Row> rows = records.subList(1, records.size());
    for (Row r : rows) {
      if (r.fields().size() != head.fields().size()) {
        throw new StanceDataException(source, r.line(), "expected " + head.fields().size()
            + " fields as in the header, found " + r.fields().size()
            + (r.fields().size() > head.fields().size()
                ? " (quote fields that contain commas)" : ""));
      }
    }
    return new CsvTable(source, new ArrayList<>(head.fields()), new ArrayList<>(rows));
  }

  private static String decode(String source, byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult res = dec.decode(in, out, true);
    if (res.isError()) {
      int pos = in.position();
      int line = 1;
      for (int i = 0; i < pos; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new StanceDataException(source, line, String.format(Locale.ROOT,
          "bytes that are not UTF-8 (0x%02X at byte offset %d); save the file as UTF-8",
          bytes[pos] & 0xff, pos));
    }
    dec.flush(out);
    out.flip();
    return out.toString();
  }

  private static List<Row> parseRecords(String source, String s) {
    List<Row> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int recordLine = 1;
    int i = 0;
    int n = s.length();
    boolean fieldStarted = false;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"' && field.length() == 0 && !fieldStarted) {
        int quoteLine = line;
        i++;
        while (true) {
          if (i >= n) {
            throw new StanceDataException(source, quoteLine,
                "quoted field is never closed; check for a missing closing double quote");
          }
          char q = s.charAt(i);
          if (q == '"') {
            if (i + 1 < n && s.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (q == '\n') {
            line++;
          }
          field.append(q);
          i++;
        }
        fieldStarted = true;
        if (i < n && s.charAt(i) != ',' && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
          throw new StanceDataException(source, line,
              "text after a closing double quote; double the quotes inside a quoted field");
        }
        continue;
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        i++;
        continue;
      }
      if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
          i++;
        }
        i++;
        fields.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
          records.add(new Row(recordLine, fields));
        }
        fields = new ArrayList<>();
        line++;
        recordLine = line;
        continue;
      }
      if (c == '"') {
        throw new StanceDataException(source, line,
            "double quote inside an unquoted field; wrap the field in double quotes and double the inner ones");
      }
      field.append(c);
      fieldStarted = true;
      i++;
    }
    if (fieldStarted || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(new Row(recordLine, fields));
    }
    return records;
  }

  /** The name of the data, as used in error messages. */
  public String source() {
    return source;
  }

  /** The header's column names, as written; unmodifiable. */
  public List<String> header() {
    return header;
  }

  /** The records after the header, in file order; unmodifiable. */
  public List<Row> rows() {
    return rows;
  }

  /** The index of a column (case-insensitive, trimmed), or -1 if there is none. */
  public int column(String name) {
    return columns.getOrDefault(name.strip().toLowerCase(Locale.ROOT), -1);
  }

  /**
   * The index of a required column.
   *
   * @throws StanceDataException naming the source, line 1 and the columns found, if it is missing
   */
  public int requireColumn(String name) {
    int c = column(name);
    if (c < 0) {
      throw new StanceDataException(source, 1, "missing required column \"" + name
          + "\"; the header has " + header);
    }
    return c;
  }

  /** Quotes a field for CSV output when it contains a comma, quote, CR or LF. */
  public static String quote(String field) {
    if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  /** Writes one record, quoting fields as needed, followed by a line feed. */
  public static void writeRow(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quote(fields.get(i)));
    }
    out.write('\n');
  }
}
