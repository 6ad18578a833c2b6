package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The SameDiff build of all-MiniLM-L6-v2 against ONNX Runtime running the same ONNX file
 * ({@link MiniLmEncoder}): token outputs to 1e-4 on a padded batch of single sentences and of
 * sentence pairs with token types, the pooled output, and a forward-time measurement (printed, not
 * asserted).
 */
class MiniLmGraphTest {

  private static final double TOL = 1e-4;

  /** Mixed lengths, 4 to 38 word pieces with [CLS] and [SEP], so the batch is padded. */
  static final List<String> SENTENCES = List.of(
      "No.",
      "NATO should admit Ukraine",
      "The alliance must never expand eastward, whatever Kyiv wants.",
      "Membership could be offered once the war is over and the borders are settled.",
      "The weather in Lisbon is mild",
      "I don't think enlarging the alliance makes anyone safer; it only provokes Moscow and"
          + " drags members into a conflict they never chose, as critics have long argued.",
      "Sweden joined in 2024.",
      "Ukraine's accession, if it happens, should wait for reforms.");

  static final List<String> TARGETS = List.of("NATO enlargement", "Ukraine", "NATO enlargement",
      "Ukrainian membership of NATO", "climate policy", "NATO enlargement", "Sweden", "Ukraine");

  private static MiniLmEncoder ort;
  private static MiniLmGraph graph;
  private static WordPieceTokenizer tok;

  @BeforeAll
  static void load() {
    ort = MiniLmEncoder.load();
    tok = WordPieceTokenizer.miniLm();
    long t0 = System.nanoTime();
    MiniLmWeights weights = MiniLmWeights.load();
    long t1 = System.nanoTime();
    graph = new MiniLmGraph(weights, MiniLmGraph.Trainable.NONE, DataType.FLOAT);
    long t2 = System.nanoTime();
    System.out.printf("MiniLmGraph: weights read in %.2f s, graph built in %.2f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  @AfterAll
  static void close() {
    ort.close();
    graph = null; // about 90 MB of native weights; surefire runs later classes in this JVM
  }

  static List<int[]> singles() {
    List<int[]> ids = new ArrayList<>();
    for (String s : SENTENCES) {
      ids.add(tok.encode(s, 128).ids());
    }
    return ids;
  }

  /** {@code [CLS] target [SEP] statement [SEP]}, as fine-tuning and inference build it. */
  static int[][] pair(String target, String statement) {
    return FinetunedEngine.pair(tok, target, statement, MiniLmEncoder.MAX_LENGTH);
  }

  private static double maxAbsDiff(float[][][] expected, float[][][] actual) {
    assertEquals(expected.length, actual.length);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length, "sequence " + i + " length");
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j].length, actual[i][j].length);
        for (int d = 0; d < expected[i][j].length; d++) {
          max = Math.max(max, Math.abs(expected[i][j][d] - actual[i][j][d]));
        }
      }
    }
    return max;
  }

  @Test
  void describesTheBundledModel() {
    assertEquals(MiniLmWeights.Config.MINILM_L6, graph.config());
    assertEquals(List.of(), graph.trainableVariables());
  }

  @Test
  void tokenStatesMatchOnnxRuntimeInAPaddedBatch() {
    List<int[]> ids = singles();
    int shortest = ids.stream().mapToInt(a -> a.length).min().orElseThrow();
    int longest = ids.stream().mapToInt(a -> a.length).max().orElseThrow();
    assertTrue(shortest <= 5 && longest >= 30, "mixed lengths " + shortest + ".." + longest);
    float[][][] expected = ort.encode(ids);
    float[][][] actual = graph.lastHiddenState(ids, null);
    double err = maxAbsDiff(expected, actual);
    System.out.printf("MiniLmGraph parity, 8 single sentences (%d..%d tokens, padded batch): max abs error %.3g%n",
        shortest, longest, err);
    assertTrue(err <= TOL, "max abs error " + err);
  }

  @Test
  void sentencePairsWithTokenTypesMatchOnnxRuntime() {
    List<int[]> ids = new ArrayList<>();
    List<int[]> types = new ArrayList<>();
    for (int i = 0; i < SENTENCES.size(); i++) {
      int[][] p = pair(TARGETS.get(i), SENTENCES.get(i));
      ids.add(p[0]);
      types.add(p[1]);
    }
    float[][][] expected = ort.encode(ids, types);
    float[][][] actual = graph.lastHiddenState(ids, types);
    double err = maxAbsDiff(expected, actual);
    System.out.printf("MiniLmGraph parity, 8 sentence pairs with token types 0/1: max abs error %.3g%n", err);
    assertTrue(err <= TOL, "max abs error " + err);
    // The types matter: the same ids with type 0 everywhere give other states.
    float[][][] untyped = ort.encode(ids);
    assertTrue(maxAbsDiff(expected, untyped) > 0.01, "token types change the output");
  }

  @Test
  void pooledIsTheMaskedMeanOfTheTokenStates() {
    List<int[]> ids = singles();
    float[][][] tokens = ort.encode(ids);
    float[][] pooled = graph.pooled(ids, null);
    double max = 0;
    for (int i = 0; i < tokens.length; i++) {
      float[] mean = new float[tokens[i][0].length];
      for (float[] row : tokens[i]) {
        for (int d = 0; d < mean.length; d++) {
          mean[d] += row[d] / tokens[i].length;
        }
      }
      for (int d = 0; d < mean.length; d++) {
        max = Math.max(max, Math.abs(mean[d] - pooled[i][d]));
      }
    }
    System.out.printf("MiniLmGraph pooled vs mean of ONNX Runtime token states: max abs error %.3g%n", max);
    assertTrue(max <= TOL, "max abs error " + max);
  }

  @Test
  void aSequenceAloneAndPaddedInABatchGetsTheSameStates() {
    List<int[]> ids = singles();
    float[][][] together = graph.lastHiddenState(ids, null);
    float[][] alone = graph.lastHiddenState(List.of(ids.get(1)), null)[0];
    for (int j = 0; j < alone.length; j++) {
      assertArrayEquals(alone[j], together[1][j], 1e-5f, "token " + j);
    }
  }

  @Test
  void refusesBadInputNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> graph.batch(List.of(new int[] {101, 30522, 102}), null));
    assertEquals("sequence 0 holds id 30522, outside the vocabulary [0, 30522)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> graph.batch(List.of(new int[513]), null));
    assertEquals("sequence 0 has 513 ids; expected 1 to 512", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> graph.batch(List.of(new int[] {101, 102}), List.of(new int[] {0, 2})));
    assertEquals("sequence 0 holds token type 2, outside [0, 2)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> graph.batch(List.of(new int[] {101, 102}), List.of(new int[] {0})));
    assertEquals("sequence 0 has 2 ids but 1 token types", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> graph.batch(List.of(), null));
    assertEquals("no sequences", e.getMessage());
  }

  /** Forward time per statement and per batch of 16 (printed for the record, not asserted). */
  @Test
  void forwardTime() {
    List<int[]> ids = singles();
    List<int[]> batch16 = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int[][] p = pair(TARGETS.get(i % 8), SENTENCES.get(i % 8));
      batch16.add(p[0]);
    }
    int[] one = ids.get(3); // a mid-length statement
    for (int i = 0; i < 3; i++) {
      graph.lastHiddenState(List.of(one), null);
      ort.encode(List.of(one));
    }
    double sd1 = medianMillis(() -> graph.pooled(List.of(one), null), 15);
    double ort1 = medianMillis(() -> ort.encode(List.of(one)), 15);
    graph.pooled(batch16, null);
    double sd16 = medianMillis(() -> graph.pooled(batch16, null), 5);
    double ort16 = medianMillis(() -> ort.encode(batch16), 5);
    int longest = batch16.stream().mapToInt(a -> a.length).max().orElseThrow();
    System.out.printf("MiniLmGraph forward (OMP_NUM_THREADS=%s, OMP_WAIT_POLICY=%s, ND4J OpenMP threads %d):"
            + " one %d-token statement %.1f ms (ONNX Runtime %.1f ms); batch of 16 pairs padded to %d tokens"
            + " %.0f ms = %.1f ms/statement (ONNX Runtime %.0f ms)%n",
        System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"),
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
        one.length, sd1, ort1, longest, sd16, sd16 / 16, ort16);
  }

  private static double medianMillis(Runnable r, int n) {
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - s) / 1e6;
    }
    Arrays.sort(t);
    return t[n / 2];
  }
}
