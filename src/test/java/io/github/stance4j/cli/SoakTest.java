package io.github.stance4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The full soak run, 1,000,000 {@code classify} calls from 2 threads with 10 readings after
 * warm-up (under a minute on 2 cores): heap used after collection, JavaCPP off-heap memory and
 * resident memory stay flat.
 */
@Tag("soak")
class SoakTest {

  @Test
  void memoryStaysFlatAfterWarmUp() {
    assertFlat(1_000_000, MainTest.run("soak", "--calls", "1000000", "--threads", "2", "--checkpoints", "10"));
  }

  /** The accurate tier, sized for CI: 12,000 calls (about 35 s on 2 cores). */
  @Test
  void accurateTierMemoryStaysFlatAfterWarmUp() {
    assertFlat(12_000, MainTest.run("soak", "--tier", "ACCURATE", "--calls", "12000", "--threads", "2", "--checkpoints", "4"));
  }

  private static void assertFlat(int calls, MainTest.Result r) {
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new Gson().fromJson(lines.get(lines.size() - 1), Map.class);
    System.out.println(r.out());
    assertEquals((double) calls, m.get("calls"));
    double heap = (Double) m.get("heap_mb_end") - (Double) m.get("heap_mb_after_warmup");
    double off = (Double) m.get("offheap_mb_end") - (Double) m.get("offheap_mb_after_warmup");
    double rss = (Double) m.get("rss_mb_end") - (Double) m.get("rss_mb_after_warmup");
    double heapPeak = (Double) m.get("heap_mb_max") - (Double) m.get("heap_mb_after_warmup");
    assertTrue(heap < 8, "heap used after GC grew by " + heap + " MB");
    assertTrue(heapPeak < 16, "heap used after GC rose by up to " + heapPeak + " MB");
    assertTrue(off < 1, "JavaCPP off-heap memory grew by " + off + " MB");
    assertTrue(rss < 128, "resident memory grew by " + rss + " MB");
  }
}
