package io.github.stance4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak runs of the CLI's {@code soak} command, each in a fresh JVM so that its memory readings
 * are its own (in the test JVM they would include every other test's heap, natives and threads):
 * heap used after collection, JavaCPP off-heap memory and resident memory stay flat after warm-up.
 * The fast tier's Java kernel must not start ND4J at all; the DL4J path and the accurate tier do
 * load native code, so their readings are live.
 */
@Tag("soak")
class SoakTest {

  @TempDir
  Path dir;

  /** The full run: 1,000,000 calls from 2 threads, 10 readings after warm-up (about a minute on 2 cores). */
  @Test
  void fastTierMemoryStaysFlatAndNoNativeCodeLoads() throws Exception {
    Map<?, ?> m = soak(List.of(), "--tier", "FAST", "--calls", "1000000", "--threads", "2", "--checkpoints", "10");
    assertFlat(1_000_000, m, 8, 64);
    assertEquals(0.0, (Double) m.get("offheap_mb_max"), "the Java kernel allocates no JavaCPP memory");
    assertEquals(0.0, (Double) m.get("offheap_bytes_end"), "the Java kernel allocates no JavaCPP memory");
    assertEquals(List.of("jnijavacpp"), m.get("native_libraries"),
        "classifying with a CNN loads no ND4J, BLAS or ONNX Runtime native library");
  }

  /**
   * The DL4J path (the bundled CNN with {@code stance4j.inference=dl4j}), 10,000 calls: ND4J's
   * arrays are not in JavaCPP's off-heap count (see {@link #offHeapReadingSeesJavaCppButNotNd4j}),
   * so resident memory is the reading that would show them.
   */
  @Test
  void dl4jPathMemoryStaysFlat() throws Exception {
    Map<?, ?> m = soak(List.of("-Dstance4j.inference=dl4j"), "--tier", "FAST", "--calls", "10000", "--threads", "2", "--checkpoints", "4");
    assertFlat(10_000, m, 8, 64);
    assertTrue(((List<?>) m.get("native_libraries")).contains("jnind4jcpu"), "ND4J ran: " + m.get("native_libraries"));
  }

  /**
   * The accurate tier, sized for CI: 12,000 calls (about 35 s on 2 cores). Its encoder allocates
   * its tensors through JavaCPP, so here the off-heap reading is live.
   */
  @Test
  void accurateTierMemoryStaysFlat() throws Exception {
    Map<?, ?> m = soak(List.of(), "--tier", "ACCURATE", "--calls", "12000", "--threads", "2", "--checkpoints", "4");
    assertFlat(12_000, m, 8, 64);
    assertTrue((Double) m.get("offheap_bytes_after_warmup") > 0, "the encoder's JavaCPP memory is counted (its"
        + " session's names; each call's input tensors while the call runs), so the off-heap check would see a leak");
  }

  /**
   * What the off-heap reading can see: 16 MB allocated through JavaCPP raise it by 16 MB; a 16 MB
   * ND4J array does not move it (ND4J 1.0.0-M2.1 allocates outside JavaCPP's accounting). Earlier
   * tests in the same JVM leave JavaCPP memory that its deallocator thread may free between two
   * readings (1.4 MB did once in CI), so each reading is taken up to five times and one of them
   * must show exactly the allocation.
   */
  @Test
  void offHeapReadingSeesJavaCppButNotNd4j() throws InterruptedException {
    io.github.stance4j.internal.NativeRuntime.init();
    List<Double> seen = new java.util.ArrayList<>();
    for (int attempt = 0; attempt < 5 && (seen.isEmpty() || Math.abs(seen.get(seen.size() - 1) - 16) > 0.5); attempt++) {
      SoakCommand.read(0, System.nanoTime()); // collect and let deallocators finish first
      long before = org.bytedeco.javacpp.Pointer.totalBytes();
      try (BytePointer p = new BytePointer(16L << 20)) {
        seen.add((org.bytedeco.javacpp.Pointer.totalBytes() - before) / 1048576.0);
      }
    }
    assertEquals(16, seen.get(seen.size() - 1), 0.5, "JavaCPP allocation seen, MB per attempt: " + seen);
    seen.clear();
    for (int attempt = 0; attempt < 5 && (seen.isEmpty() || Math.abs(seen.get(seen.size() - 1)) > 0.5); attempt++) {
      SoakCommand.read(0, System.nanoTime());
      long before = org.bytedeco.javacpp.Pointer.totalBytes();
      org.nd4j.linalg.api.ndarray.INDArray a = org.nd4j.linalg.factory.Nd4j.create(
          org.nd4j.linalg.api.buffer.DataType.FLOAT, 4L << 20);
      try {
        seen.add((org.bytedeco.javacpp.Pointer.totalBytes() - before) / 1048576.0);
      } finally {
        a.close();
      }
    }
    assertEquals(0, seen.get(seen.size() - 1), 0.5, "a 16 MB ND4J array is not in JavaCPP's count, MB per attempt: " + seen);
  }

  private static void assertFlat(int calls, Map<?, ?> m, double heapMb, double rssMb) {
    assertEquals((double) calls, m.get("calls"));
    double heap = (Double) m.get("heap_mb_end") - (Double) m.get("heap_mb_after_warmup");
    double off = (Double) m.get("offheap_mb_end") - (Double) m.get("offheap_mb_after_warmup");
    // from the lowest reading: the first can be a peak (on the DL4J path, ND4J's start-up)
    double rss = (Double) m.get("rss_mb_end") - (Double) m.get("rss_mb_min");
    double heapPeak = (Double) m.get("heap_mb_max") - (Double) m.get("heap_mb_after_warmup");
    assertTrue(heap < heapMb, "heap used after GC grew by " + heap + " MB");
    assertTrue(heapPeak < 2 * heapMb, "heap used after GC rose by up to " + heapPeak + " MB");
    assertTrue(off < 1, "JavaCPP off-heap memory grew by " + off + " MB");
    assertTrue(rss < rssMb, "resident memory grew by " + rss + " MB");
  }

  /** Runs {@code soak} in a new JVM on the test classpath and returns its last line (JSON). */
  private Map<?, ?> soak(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    // the heap's pages resident as soon as they are committed: otherwise the first reading comes
    // before the young generation has touched them all, and their first touch (about 60 MB for the
    // fast tier, flat from the second reading on) reads as growth
    cmd.add("-XX:+AlwaysPreTouch");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("soak");
    cmd.addAll(List.of(args));
    Path out = dir.resolve("soak.out");
    Path err = dir.resolve("soak.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("soak did not finish in 15 minutes: " + String.join(" ", args));
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    System.out.println(stdout);
    assertEquals(0, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    List<String> lines = stdout.lines().toList();
    return new Gson().fromJson(lines.get(lines.size() - 1), Map.class);
  }
}
