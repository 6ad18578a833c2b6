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
 * test's without the jars that {@code nd4j-native} brings (itself, its presets, JavaCPP's natives
 * and OpenBLAS) and without the accurate tier's jars, as a consumer who wants only the fast tier
 * and excluded both (README, "Only the fast tier") has it.
 */
class WithoutNativesTest {

  /**
   * Path fragments of the jars a consumer who excludes {@code nd4j-native} does not have (measured
   * with {@code dependency:copy-dependencies}), and of the accurate tier's encoder and ONNX Runtime
   * jars, excluded too. JavaCPP's own jar stays ({@code nd4j-native-api} brings it); its natives go.
   */
  static final List<String> LEFT_OUT = List.of("/org/nd4j/nd4j-native/", "/org/nd4j/nd4j-native-preset/",
      "/org/nd4j/nd4j-presets-common/", "/org/bytedeco/openblas/", "/org/bytedeco/onnxruntime/",
      "/org/bytedeco/dnnl/", "/org/bytedeco/opencl/", "/dev/langchain4j/");

  static boolean leftOut(String path) {
    String unix = path.replace(File.separatorChar, '/');
    if (unix.contains("/org/bytedeco/javacpp/")) {
      return unix.substring(unix.lastIndexOf('/') + 1).matches("javacpp-[^-]+-.+\\.jar"); // a classifier: natives
    }
    return LEFT_OUT.stream().anyMatch(unix::contains);
  }

  @Test
  void classifiesWithoutNativesAndTrainingSaysWhichDependencyToAdd() throws Exception {
    String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> kept = new ArrayList<>();
    int removed = 0;
    for (String entry : full.split(File.pathSeparator)) {
      if (leftOut(entry)) {
        removed++;
      } else {
        kept.add(entry);
      }
    }
    assertTrue(removed >= 8, "left out " + removed + " jars of " + full);
    assertTrue(kept.stream().anyMatch(e -> e.contains("/org/nd4j/nd4j-api/")), "ND4J's API stays");
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
        "loadDefault: java.lang.IllegalStateException, names the encoder dependency: true",
        "train: java.lang.IllegalStateException: " + WithoutNativesProbe.EXPECTED_TRAIN_MESSAGE), lines, text);
  }
}
