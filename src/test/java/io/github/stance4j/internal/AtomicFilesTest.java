package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir
  Path dir;

  @Test
  void failureHalfWayLeavesTheOldFileIntact() throws IOException {
    Path file = dir.resolve("model.zip");
    Files.writeString(file, "the good old model");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
      out.write("half of a new mod".getBytes(StandardCharsets.UTF_8));
      out.flush();
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("the good old model", Files.readString(file));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void successReplacesContentAndKeepsPermissions() throws IOException {
    Path file = dir.resolve("m.zip");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
    assertEquals("new", Files.readString(file));
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Path fresh = dir.resolve("sub/new.zip");
    AtomicFiles.write(fresh, out -> out.write(1));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
  }
}
