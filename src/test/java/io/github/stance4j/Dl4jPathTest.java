package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.internal.ModelEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DL4J inference path: a BiLSTM (which has no Java kernel) trained, saved, loaded and
 * classified, and {@code classifyAll}'s batched DL4J branch (sorted by length, padded chunks of
 * {@value ModelEngine#CHUNK}, answers put back in order) against one statement at a time.
 */
class Dl4jPathTest {

  @TempDir
  Path dir;

  @Test
  void biLstmTrainsSavesLoadsAndClassifies() throws IOException {
    long t0 = System.nanoTime();
    StanceClassifier lstm = TestModels.tinyBiLstm();
    System.out.printf("tiny BiLSTM ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals("BILSTM", lstm.info().architecture());
    assertFalse(lstm.fastEngine().usesKernel(), "a BiLSTM runs in DL4J");
    Evaluation e = lstm.evaluate(TestModels.tinyData());
    assertTrue(e.accuracy() >= 0.9, "accuracy on its own training rows " + e.accuracy());
    Path file = dir.resolve("lstm.zip");
    lstm.save(file);
    try (StanceClassifier back = StanceClassifier.load(file)) {
      assertEquals(lstm.info(), back.info());
      assertFalse(back.fastEngine().usesKernel());
      for (String t : lstm.targets()) {
        assertEquals(lstm.classifyAll(StanceClassifierTest.STATEMENTS, t), back.classifyAll(StanceClassifierTest.STATEMENTS, t));
      }
      assertEquals(StanceLabel.OPPOSITION, back.classify("He vowed to veto the accession protocol.").label());
    }
  }

  /** {@code close()} frees the native memory of the DL4J networks (main network and copies). */
  @Test
  void closeFreesTheDl4jNetworks() throws IOException {
    Path file = dir.resolve("lstm.zip");
    TestModels.tinyBiLstm().save(file);
    StanceClassifier c = StanceClassifier.load(file);
    c.classifyAll(List.of("They can join only after the war is over.", "No."));
    org.deeplearning4j.nn.graph.ComputationGraph main = c.fastEngine().network();
    assertFalse(main.params().wasClosed());
    c.close();
    assertTrue(main.params().wasClosed(), "the main network's parameters are freed");
    assertEquals("this StanceClassifier is closed",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> c.classify("No.")).getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> c.fastEngine().network());
  }

  /**
   * 335 statements in shuffled order, made of plain words from the held-out split (one token per
   * word): 270 of exactly five words (more than {@value ModelEngine#CHUNK} of one length), 60 of 1
   * to 40 words and 5 longer than the 128-token cap. Every DL4J batching case: full and partial
   * chunks, padding, equal-length runs, answers put back in order.
   */
  static List<String> mixedLengths(long seed) throws IOException {
    List<String> words = new ArrayList<>();
    for (StanceExample e : StanceDataset.readCsv(Path.of("training-data/heldout")).examples()) {
      for (String w : e.statement().toLowerCase(java.util.Locale.ROOT).split("\\s+")) {
        if (w.matches("[a-z]{2,}")) {
          words.add(w);
        }
      }
    }
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 335; i++) {
      int len = i < 270 ? 5 : i < 330 ? 1 + r.nextInt(40) : 130 + r.nextInt(20);
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < len; k++) {
        sb.append(words.get(r.nextInt(words.size()))).append(' ');
      }
      out.add(sb.toString().strip());
    }
    java.util.Collections.shuffle(out, r);
    return out;
  }

  static void assertBatchEqualsOneAtATime(StanceClassifier c, List<String> statements, String target) {
    List<StancePrediction> all = c.classifyAll(statements, target);
    assertEquals(statements.size(), all.size());
    double worst = 0;
    for (int i = 0; i < statements.size(); i++) {
      StancePrediction one = c.classify(statements.get(i), target);
      for (StanceLabel l : c.labels()) {
        worst = Math.max(worst, Math.abs(one.probability(l) - all.get(i).probability(l)));
      }
      double margin = one.confidence() - secondBest(one);
      if (margin > 1e-5) {
        assertEquals(one.label(), all.get(i).label(), "statement " + i);
      }
    }
    System.out.println(c.info().architecture() + ": largest batch/single difference " + worst);
    assertTrue(worst <= 1e-5, "largest difference between classifyAll and classify " + worst);
  }

  static double secondBest(StancePrediction p) {
    double best = -1;
    for (double v : p.probabilities().values()) {
      if (v < p.confidence() || (v == p.confidence() && best >= 0)) {
        best = Math.max(best, v);
      }
    }
    return Math.max(best, 0);
  }

  @Test
  void biLstmClassifyAllEqualsOneAtATime() throws IOException {
    StanceClassifier lstm = TestModels.tinyBiLstm();
    assertFalse(lstm.fastEngine().usesKernel());
    List<String> s = mixedLengths(13);
    long five = s.stream().filter(x -> lstm.fastEngine().encode(x).length == 5).count();
    assertTrue(five >= 270 && five > ModelEngine.CHUNK, "statements of one token length, more than a chunk: " + five);
    assertBatchEqualsOneAtATime(lstm, s, "aid");
  }

  @Test
  void cnnInDl4jClassifyAllEqualsOneAtATime() throws IOException {
    try (StanceClassifier viaDl4j = withDl4jInference(() -> StanceClassifier.loadDefault(Tier.FAST))) {
      assertFalse(viaDl4j.fastEngine().usesKernel());
      assertBatchEqualsOneAtATime(viaDl4j, mixedLengths(14), viaDl4j.defaultTarget());
    }
  }

  /** Runs {@code load} with the system property {@code stance4j.inference=dl4j}, then restores it. */
  static <T> T withDl4jInference(java.util.function.Supplier<T> load) {
    String before = System.getProperty(ModelEngine.INFERENCE_PROPERTY);
    System.setProperty(ModelEngine.INFERENCE_PROPERTY, "dl4j");
    try {
      return load.get();
    } finally {
      if (before == null) {
        System.clearProperty(ModelEngine.INFERENCE_PROPERTY);
      } else {
        System.setProperty(ModelEngine.INFERENCE_PROPERTY, before);
      }
    }
  }
}
