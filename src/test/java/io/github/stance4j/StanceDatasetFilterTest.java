package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StanceDataset#filter}; a class of its own to keep merges with StanceDatasetTest simple. */
class StanceDatasetFilterTest {

  @Test
  void filterKeepsOrderAndOrigins(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("a.csv");
    Files.writeString(p, "statement,target,label\nOne.,t,support\nTwo.,t,none\nThree.,u,opposition\n");
    StanceDataset d = StanceDataset.readCsv(p).filter(e -> !e.label().equals(StanceLabel.NONE));
    assertEquals(List.of("One.", "Three."), d.examples().stream().map(StanceExample::statement).toList());
    assertEquals(p + ":2", d.origin(0));
    assertEquals(p + ":4", d.origin(1));
    assertEquals(0, d.filter(e -> false).size());
    assertThrows(NullPointerException.class, () -> d.filter(null));
  }
}
