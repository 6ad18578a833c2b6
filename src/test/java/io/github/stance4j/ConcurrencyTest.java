package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.internal.EncoderEngine;
import io.github.stance4j.internal.FinetunedEngine;
import io.github.stance4j.internal.Engine;
import io.github.stance4j.internal.ModelEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 16 threads share one classifier, a mix of {@code classify} and {@code classifyAll}: every answer
 * equals the single-threaded one, exactly. Run on every engine: the CNN's Java kernel, DL4J (a
 * BiLSTM, and the CNN with {@code stance4j.inference=dl4j}), where each call borrows a private copy
 * of the network from a pool, and the accurate tier with its head in Java and in DL4J. The calls
 * per engine are sized to its speed.
 */
class ConcurrencyTest {

  record Case(String name, Supplier<StanceClassifier> load, boolean dl4j, int calls, int[] batchSizes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> engines() {
    return Stream.of(
        new Case("CNN, Java kernel (bundled fast tier)", () -> StanceClassifier.loadDefault(Tier.FAST), false, 20_000,
            new int[] {1, 7, 32, 100}),
        new Case("CNN in DL4J (bundled fast tier, stance4j.inference=dl4j)",
            () -> Dl4jPathTest.withDl4jInference(() -> StanceClassifier.loadDefault(Tier.FAST)), true, 800, new int[] {1, 7, 32}),
        new Case("BiLSTM in DL4J (tiny model)", ConcurrencyTest::tinyBiLstmCopy, true, 400, new int[] {1, 7}),
        new Case("fine-tuned MiniLM in ONNX Runtime (bundled default)", StanceClassifier::loadDefault, false, 160,
            new int[] {1, 7, 20}),
        new Case("frozen MiniLM, Java head (0.2.0 accurate model)", AccurateTierTest::frozen, false, 160, new int[] {1, 7}),
        new Case("frozen MiniLM, head in DL4J (0.2.0 accurate model, stance4j.inference=dl4j)",
            () -> Dl4jPathTest.withDl4jInference(AccurateTierTest::frozen), true, 160, new int[] {1, 7})
    ).map(Arguments::of);
  }

  /** The tiny BiLSTM through a save and load: a classifier this test owns and closes. */
  static StanceClassifier tinyBiLstmCopy() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      TestModels.tinyBiLstm().save(out);
      return StanceClassifier.load(new ByteArrayInputStream(out.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void sixteenThreadsGetTheSingleThreadedAnswers(Case engine) throws Exception {
    List<String> statements = new ArrayList<>();
    for (StanceExample e : StanceDataset.readCsv(Path.of("training-data/heldout")).examples()) {
      statements.add(e.statement());
    }
    long t0 = System.nanoTime();
    try (StanceClassifier c = engine.load().get()) {
      Engine en = c.engine();
      boolean kernel = en instanceof ModelEngine ? ((ModelEngine) en).usesKernel()
          : en instanceof EncoderEngine ? ((EncoderEngine) en).usesKernel() : en instanceof FinetunedEngine;
      assertEquals(engine.dl4j(), !kernel, "runs in DL4J");
      int distinct = Math.min(statements.size(), engine.calls() / 4);
      List<StancePrediction> single = new ArrayList<>();
      for (String s : statements.subList(0, distinct)) {
        single.add(c.classify(s));
      }
      List<List<String>> batches = new ArrayList<>();
      List<List<StancePrediction>> batchAnswers = new ArrayList<>();
      for (int size : engine.batchSizes()) {
        List<String> b = statements.subList(size, 2 * size);
        batches.add(b);
        batchAnswers.add(c.classifyAll(b));
      }
      int threads = 16;
      int callsPerThread = engine.calls() / threads;
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
              int i = (seed * 131 + k * 17) % distinct;
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
      assertEquals(threads * callsPerThread, calls.get());
      assertEquals(0, wrong.get(), "answers that differ from the single-threaded ones");
      if (engine.dl4j()) {
        int copies = en instanceof ModelEngine ? ((ModelEngine) en).idleCopies() : ((EncoderEngine) en).idleCopies();
        System.out.println(engine + ": " + copies + " network copies");
        assertTrue(copies > 1, "forward passes overlapped, so the pool made more than one copy: " + copies);
      }
      assertFalse(c.engine().isClosed());
    }
    System.out.printf("%s: %d calls from 16 threads in %.1f s%n", engine, engine.calls(), (System.nanoTime() - t0) / 1e9);
  }
}
