package io.github.stance4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.stance4j.StanceDataException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {

  private static CsvTable parse(String s) {
    return CsvTable.parse("f.csv", s.getBytes(StandardCharsets.UTF_8));
  }

  private static String error(String s) {
    return assertThrows(StanceDataException.class, () -> parse(s)).getMessage();
  }

  @Test
  void readsQuotedFieldsAcrossLinesAndTracksLines() {
    CsvTable t = parse("\uFEFFa,b\r\n\"x, \"\"y\"\"\",2\n\"multi\nline\",3\n\nlast,4");
    assertEquals(List.of("a", "b"), t.header());
    assertEquals(3, t.rows().size());
    assertEquals(List.of("x, \"y\"", "2"), t.rows().get(0).fields());
    assertEquals(2, t.rows().get(0).line());
    assertEquals(List.of("multi\nline", "3"), t.rows().get(1).fields());
    assertEquals(3, t.rows().get(1).line());
    assertEquals(6, t.rows().get(2).line());
    assertEquals(1, t.column(" B "));
    assertEquals(-1, t.column("c"));
  }

  @Test
  void errorsNameFileAndLine() {
    assertEquals("f.csv: the file is empty; expected a header row", error(""));
    assertEquals("f.csv:3: expected 2 fields as in the header, found 3 (quote fields that contain commas)", error("a,b\n1,2\n1,2,3\n"));
    assertEquals("f.csv:2: expected 2 fields as in the header, found 1", error("a,b\nonly\n"));
    assertEquals("f.csv:2: quoted field is never closed; check for a missing closing double quote", error("a,b\n\"open,1\n2,3\n"));
    assertEquals("f.csv:2: double quote inside an unquoted field; wrap the field in double quotes and double the inner ones", error("a,b\nsay \"hi\",1\n"));
    assertEquals("f.csv:2: text after a closing double quote; double the quotes inside a quoted field", error("a,b\n\"x\"y,1\n"));
    assertEquals("f.csv:1: missing required column \"label\"; the header has [a, b]",
        assertThrows(StanceDataException.class, () -> parse("a,b\n1,2").requireColumn("label")).getMessage());
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    byte[] bytes = "a,b\n1,2\nx\u00e9,3\n".getBytes(StandardCharsets.ISO_8859_1);
    StanceDataException e = assertThrows(StanceDataException.class, () -> CsvTable.parse("f.csv", bytes));
    assertEquals("f.csv:3: bytes that are not UTF-8 (0xE9 at byte offset 9); save the file as UTF-8", e.getMessage());
    assertEquals(3, e.line());
    assertEquals("f.csv", e.source());
  }

  @Test
  void writesWhatItReads() throws Exception {
    StringWriter w = new StringWriter();
    List<String> row = List.of("plain", "with, comma", "with \"quote\"", "two\nlines");
    CsvTable.writeRow(w, List.of("a", "b", "c", "d"));
    CsvTable.writeRow(w, row);
    assertEquals(row, parse(w.toString()).rows().get(0).fields());
  }
}
