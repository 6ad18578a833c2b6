package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Classifying with a CNN model needs no natives: a consumer may exclude {@code nd4j-native} (README,
 * "Native platforms"). This runs {@link WithoutNativesProbe} in a child JVM whose classpath is this
 * test's without the jars that {@code nd4j-native} brings (itself, its presets, JavaCPP and
 * OpenBLAS) and without the accurate tier's optional jars, as a consumer who excluded
 * {@code nd4j-native} has it.
 */
class WithoutNativesTest {

  /** Path fragments of the jars a consumer without {@code nd4j-native} does not have. */
  static final List<String> LEFT_OUT = List.of("/org/nd4j/nd4j-native/", "/org/nd4j/nd4j-native-preset/",
      "/org/nd4j/nd4j-presets-common/", "/org/bytedeco/", "/dev/langchain4j/");

  @Test
  void classifiesWithoutNativesAndTrainingSaysWhichDependencyToAdd() throws Exception {
    String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> kept = new ArrayList<>();
    int removed = 0;
    for (String entry : full.split(File.pathSeparator)) {
      String unix = entry.replace(File.separatorChar, '/');
      if (LEFT_OUT.stream().anyMatch(unix::contains)) {
        removed++;
      } else {
        kept.add(entry);
      }
    }
    assertTrue(removed >= 6, "left out " + removed + " jars of " + full);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, kept),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", WithoutNativesProbe.class.getName())
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    List<String> lines = text.lines().filter(l -> l.contains(": ")).toList();
    assertEquals(List.of(
        "natives: absent",
        "classify: opposition",
        "classifyAll: 2",
        "train: java.lang.IllegalStateException: " + WithoutNativesProbe.EXPECTED_TRAIN_MESSAGE), lines, text);
  }
}
