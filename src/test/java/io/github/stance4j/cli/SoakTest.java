package io.github.stance4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A soak run sized for CI (60,000 calls from 2 threads, readings after a 20,000-call warm-up; the
 * README reports a 1,000,000-call run of the same command): heap, off-heap and resident memory stay flat after warm-up.
 */
@Tag("soak")
class SoakTest {

  @Test
  void memoryStaysFlatAfterWarmUp() {
    MainTest.Result r = MainTest.run("soak", "--calls", "60000", "--threads", "2", "--checkpoints", "6");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new Gson().fromJson(lines.get(lines.size() - 1), Map.class);
    System.out.println(r.out());
    assertEquals(60000.0, m.get("calls"));
    double heap = (Double) m.get("heap_mb_end") - (Double) m.get("heap_mb_after_warmup");
    double off = (Double) m.get("offheap_mb_end") - (Double) m.get("offheap_mb_after_warmup");
    double rss = (Double) m.get("rss_mb_end") - (Double) m.get("rss_mb_after_warmup");
    assertTrue(heap < 16, "heap used after GC grew by " + heap + " MB");
    assertTrue(off < 16, "JavaCPP off-heap memory grew by " + off + " MB");
    assertTrue(rss < 256, "resident memory grew by " + rss + " MB");
  }
}
