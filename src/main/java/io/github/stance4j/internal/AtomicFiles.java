package io.github.stance4j.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file: the content goes to a temporary file in the same directory, is forced to
 * disk, and is then moved over the target in one step. On any failure the temporary file is
 * deleted and the target is untouched. Internal.
 */
public final class AtomicFiles {

  /** Writes content to a stream; may throw. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  public static void write(Path file, Writer writer) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    try {
      keepPermissions(abs, tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
           OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch))) {
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Gives the temporary file the permissions of the file it replaces, or rw-r--r-- for a new file
   * (a temporary file starts as rw-------), on file systems with POSIX permissions.
   */
  private static void keepPermissions(Path target, Path tmp) throws IOException {
    if (!Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
      return;
    }
    Set<PosixFilePermission> perms = Files.exists(target)
        ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(tmp, perms);
  }
}
