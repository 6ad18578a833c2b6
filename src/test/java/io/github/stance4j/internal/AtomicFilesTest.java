package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void writingThroughASymbolicLinkKeepsTheLinkAndWritesTheFileItPointsTo() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real")).resolve("model.zip");
    Files.writeString(real, "old");
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw----"));
    Path link = Files.createSymbolicLink(dir.resolve("link.zip"), Path.of("real/model.zip"));
    Path linkToLink = Files.createSymbolicLink(dir.resolve("link2.zip"), link.getFileName());

    AtomicFiles.write(link, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
    assertTrue(Files.isSymbolicLink(link), "the link is still a link");
    assertEquals(Path.of("real/model.zip"), Files.readSymbolicLink(link));
    assertEquals("new", Files.readString(real));
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));

    AtomicFiles.write(linkToLink, out -> out.write("newer".getBytes(StandardCharsets.UTF_8)));
    assertTrue(Files.isSymbolicLink(linkToLink) && Files.isSymbolicLink(link));
    assertEquals("newer", Files.readString(real));
    try (var s = Files.list(real.getParent())) {
      assertEquals(List.of(real), s.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void aDanglingLinkGetsTheFileItNames() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("out.csv"), Path.of("not-yet.csv"));
    AtomicFiles.write(link, out -> out.write("rows".getBytes(StandardCharsets.UTF_8)));
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("rows", Files.readString(dir.resolve("not-yet.csv")));
  }

  @Test
  void refusesPipesAndDirectoriesAndLeavesThemAlone() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, p.waitFor());
    Path linkToFifo = Files.createSymbolicLink(dir.resolve("to-pipe.csv"), fifo);
    for (Path target : List.of(fifo, linkToFifo)) {
      IOException e = assertThrows(IOException.class,
          () -> AtomicFiles.write(target, out -> out.write(1)));
      assertEquals(target + ": not a regular file (a device, pipe or socket); only regular files are replaced",
          e.getMessage());
    }
    assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo) && !Files.isDirectory(fifo), "still a pipe");
    assertTrue(Files.isSymbolicLink(linkToFifo));

    Path sub = Files.createDirectories(dir.resolve("empty-dir"));
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(sub, out -> out.write(1)));
    assertEquals(sub + ": is a directory", e.getMessage());
    assertTrue(Files.isDirectory(sub));
    try (var s = Files.list(dir)) {
      assertFalse(s.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left behind");
    }
  }
}
