package io.github.stance4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts the build wrote into the jar: {@code io/github/stance4j/stance4j.properties}, filled in by
 * Maven resource filtering from the pom, so the library version has one source. Thread-safe.
 * Internal.
 */
public final class BuildInfo {

  static final String RESOURCE = "/io/github/stance4j/stance4j.properties";

  private static final String VERSION = read("version");

  private BuildInfo() {}

  /** The stance4j version of this build, for example {@code 0.2.0}. */
  public static String version() {
    return VERSION;
  }

  private static String read(String key) {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath: a broken stance4j build");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE + " cannot be read", e);
    }
    String v = p.getProperty(key);
    if (v == null || v.isBlank() || v.contains("${")) {
      throw new IllegalStateException(RESOURCE + " has no " + key + " filled in by the build: \"" + v + "\"");
    }
    return v.strip();
  }
}
