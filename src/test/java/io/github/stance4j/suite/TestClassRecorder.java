package io.github.stance4j.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records the name of every test class the JUnit Platform ran (or skipped) in this JVM, for
 * {@link AllTestClassesRan}. Registered in {@code META-INF/services}, so every launcher in the test
 * JVM uses it; it writes only when the system property {@value #RECORD_PROPERTY} names a file
 * (the pom sets it for surefire's main test run). The file starts with a line
 * {@code build <id>}, the value of {@value #BUILD_PROPERTY}, so that a record left by an earlier
 * build is recognised as stale.
 */
public final class TestClassRecorder implements TestExecutionListener {

  /** System property: the file to write. */
  public static final String RECORD_PROPERTY = "stance4j.testClassRecord";
  /** System property: an identifier of this build (the pom passes the build's start time). */
  public static final String BUILD_PROPERTY = "stance4j.buildId";

  private static final Set<String> SEEN = new ConcurrentSkipListSet<>();

  @Override
  public void executionStarted(TestIdentifier id) {
    note(id);
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    note(id);
  }

  private static void note(TestIdentifier id) {
    TestSource s = id.getSource().orElse(null);
    if (s instanceof ClassSource) {
      SEEN.add(((ClassSource) s).getClassName());
    } else if (s instanceof MethodSource) {
      SEEN.add(((MethodSource) s).getClassName());
    }
  }

  /** Rewrites the record with every class seen so far in this JVM (one plan or several). */
  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    String file = System.getProperty(RECORD_PROPERTY);
    if (file == null || file.isBlank()) {
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add("build " + System.getProperty(BUILD_PROPERTY, "?"));
    lines.addAll(new TreeSet<>(SEEN));
    try {
      Path p = Path.of(file);
      Files.createDirectories(p.toAbsolutePath().getParent());
      Files.write(p, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
