package io.github.stance4j.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * deleted and the target is untouched.
 *
 * <p>A symbolic link (or a chain of them) is followed first: the file it points to is replaced and
 * the link is kept, so that saving through a link never turns it into a plain file and leaves the
 * real file stale. A dangling link gets the file it names. Only regular files are replaced: a
 * directory, device, pipe or socket, or a link to one, is refused with an {@link IOException} and
 * left alone (moving a file over {@code /dev/stdout} would replace the system's link). Internal.
 */
public final class AtomicFiles {

  /** Writes content to a stream; may throw. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code file} atomically; see the class description.
   *
   * @throws IOException if writing fails (the old content is then kept), or if {@code file} is, or
   *     links to, something other than a regular file
   */
  public static void write(Path file, Writer writer) throws IOException {
    Path abs = requireRegularOrAbsent(file);
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
   * The absolute path of the file that writing {@code file} must replace: {@code file} itself, or
   * what its symbolic links lead to.
   *
   * @throws IOException if that is an existing directory, device, pipe or socket, or the links loop
   */
  public static Path requireRegularOrAbsent(Path file) throws IOException {
    Path p = file.toAbsolutePath();
    // first through every link, including the kernel's own (/dev/stdout, /proc/self/fd/1)
    if (Files.isDirectory(p)) {
      throw new FileSystemException(file.toString(), null, "is a directory");
    }
    if (Files.exists(p) && !Files.isRegularFile(p)) {
      throw notRegular(file);
    }
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == 40) {
        throw new FileSystemException(file.toString(), null, "too many levels of symbolic links");
      }
      // a relative link target is relative to the link's directory; resolveSibling keeps an absolute one
      p = p.resolveSibling(Files.readSymbolicLink(p));
    }
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileSystemException(file.toString(), null, "is a directory");
    }
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw notRegular(file);
    }
    return p;
  }

  private static FileSystemException notRegular(Path file) {
    return new FileSystemException(file.toString(), null,
        "not a regular file (a device, pipe or socket); only regular files are replaced");
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
