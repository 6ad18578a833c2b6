package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StanceDatasetTest {

  @TempDir
  Path dir;

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private String error(String content) throws IOException {
    Path p = write("bad.csv", content);
    return assertThrows(StanceDataException.class, () -> StanceDataset.readCsv(p)).getMessage();
  }

  @Test
  void readsColumnsInAnyOrderAndIgnoresOthers() throws IOException {
    Path p = write("a.csv", "label,extra,Statement,target\nSupport,x,\"We back it, fully.\", NATO enlargement \n");
    StanceDataset d = StanceDataset.readCsv(p);
    assertEquals(List.of(new StanceExample("We back it, fully.", "NATO enlargement", StanceLabel.SUPPORT)), d.examples());
    assertEquals(p + ":2", d.origin(0));
  }

  @Test
  void combinesFilesAndDirectories() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Files.writeString(sub.resolve("b.csv"), "statement,target,label\nb1,t,support\n");
    Files.writeString(sub.resolve("a.csv"), "statement,target,label\na1,t,opposition\n");
    Files.writeString(sub.resolve("notes.txt"), "ignored");
    Path other = write("c.csv", "statement,target,label\nc1,u,conditional\n");
    StanceDataset d = StanceDataset.readCsv(sub, other);
    assertEquals(List.of("a1", "b1", "c1"), d.examples().stream().map(StanceExample::statement).toList());
    assertEquals(List.of("t", "u"), d.targets());
    assertEquals(List.of(StanceLabel.CONDITIONAL, StanceLabel.OPPOSITION, StanceLabel.SUPPORT), d.labels());
  }

  @Test
  void refusesBadFilesWithFileAndLine() throws IOException {
    assertTrue(error("statement,label\nx,support\n").endsWith("bad.csv:1: missing required column \"target\"; the header has [statement, label]"));
    assertTrue(error("").endsWith("bad.csv: the file is empty; expected a header row"));
    assertTrue(error("statement,target,label\n").endsWith("bad.csv: the file has a header but no rows"));
    assertTrue(error("statement,target,label\nok,t,support\n  ,t,support\n").endsWith("bad.csv:3: blank statement"));
    assertTrue(error("statement,target,label\nok,t,\n").endsWith("bad.csv:2: blank label"));
    assertTrue(error("statement,target,label\nok,,support\n").endsWith("bad.csv:2: blank target"));
    assertTrue(error("statement,target,label\nok,t,sup port\n").endsWith(
        "bad.csv:2: invalid label \"sup port\": a label is 1 to 64 letters, digits, '_' or '-'"));
    assertTrue(error("statement,target,label\nok,t,support,extra\n").contains("bad.csv:2: expected 3 fields"));
    Path missing = dir.resolve("missing.csv");
    assertThrows(NoSuchFileException.class, () -> StanceDataset.readCsv(missing));
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertTrue(assertThrows(StanceDataException.class, () -> StanceDataset.readCsv(empty)).getMessage()
        .endsWith("empty: directory holds no *.csv file"));
  }

  @Test
  void warnsAboutDuplicatesAndConflicts() throws IOException {
    Path p = write("w.csv", "statement,target,label\nA,t,support\nB,t,support\nA,t,support\nB,t,opposition\n");
    StanceDataset d = StanceDataset.readCsv(p);
    assertEquals(4, d.size());
    assertEquals(List.of(p + ":4: duplicate of " + p + ":2",
        p + ":5: same statement and target as " + p + ":3 but label \"opposition\" instead of \"support\""), d.warnings());
  }

  @Test
  void fixedLabelSetsAndTargetsNameTheOffendingLine() throws IOException {
    Path p = write("l.csv", "statement,target,label\nA,t,support\nB,t,favor\n");
    StanceDataset d = StanceDataset.readCsv(p);
    StanceDataException e = assertThrows(StanceDataException.class,
        () -> d.requireLabels(List.of(StanceLabel.SUPPORT, StanceLabel.OPPOSITION)));
    assertEquals(p + ":3: label \"favor\" is not in the label set [support, opposition]; fix the label or train a new model", e.getMessage());
    e = assertThrows(StanceDataException.class, () -> d.requireTargets(List.of("u")));
    assertEquals(p + ":2: unknown target \"t\"; the allowed targets are [u]", e.getMessage());
    assertEquals(d, d.requireTargets(List.of("T")), "targets match ignoring case");
    assertEquals(d, d.requireLabels(List.of(StanceLabel.SUPPORT, StanceLabel.of("favor"))));
  }

  @Test
  void hashDependsOnContentNotOnFormatting() throws IOException {
    Path a = write("a.csv", "statement,target,label,x\nOne,t,support,1\r\nTwo,t,opposition,2\n");
    Path b = write("b.csv", "label,target,statement\nsupport,t,\"One\"\nopposition,t,Two\n");
    assertEquals(StanceDataset.readCsv(a).sha256(), StanceDataset.readCsv(b).sha256());
    Path c = write("c.csv", "statement,target,label\nOne,t,support\nTwo,t,conditional\n");
    assertNotEquals(StanceDataset.readCsv(a).sha256(), StanceDataset.readCsv(c).sha256());
  }

  @Test
  void builtInCode() {
    StanceDataset d = StanceDataset.of(List.of(StanceExample.of("x", " t ", "SUPPORT")));
    assertEquals("t", d.examples().get(0).target());
    assertEquals(StanceLabel.SUPPORT, d.examples().get(0).label());
    assertThrows(NullPointerException.class, () -> StanceDataset.of(java.util.Arrays.asList((StanceExample) null)));
    assertThrows(IllegalArgumentException.class, () -> StanceExample.of(" ", "t", "support"));
  }
}
