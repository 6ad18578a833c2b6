package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** 16 threads share one classifier: every answer equals the single-threaded one. */
class ConcurrencyTest {

  @Test
  void sixteenThreadsTwentyThousandCalls() throws Exception {
    List<String> statements = new ArrayList<>();
    for (StanceExample e : StanceDataset.readCsv(Path.of("training-data/heldout")).examples()) {
      statements.add(e.statement());
    }
    try (StanceClassifier c = StanceClassifier.loadDefault()) {
      List<StancePrediction> single = new ArrayList<>();
      for (String s : statements) {
        single.add(c.classify(s));
      }
      List<List<String>> batches = new ArrayList<>();
      List<List<StancePrediction>> batchAnswers = new ArrayList<>();
      for (int size : new int[] {1, 7, 32, 100}) {
        List<String> b = statements.subList(size, 2 * size);
        batches.add(b);
        batchAnswers.add(c.classifyAll(b));
      }
      int threads = 16;
      int callsPerThread = 20_000 / threads;
      AtomicInteger wrong = new AtomicInteger();
      AtomicInteger calls = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          final int seed = t;
          futures.add(pool.submit(() -> {
            start.await();
            for (int k = 0; k < callsPerThread; k++) {
              int i = (seed * 131 + k * 17) % statements.size();
              if (k % 10 == 9) {
                int b = (seed + k) % batches.size();
                if (!c.classifyAll(batches.get(b)).equals(batchAnswers.get(b))) {
                  wrong.incrementAndGet();
                }
              } else if (!c.classify(statements.get(i)).equals(single.get(i))) {
                wrong.incrementAndGet();
              }
              calls.incrementAndGet();
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(20_000, calls.get());
      assertEquals(0, wrong.get(), "answers that differ from the single-threaded ones");
    }
  }
}
