package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The fine-tuned inference path: changed weights written into the ONNX graph and run by ONNX
 * Runtime give what the SameDiff graph gives on the same weights.
 */
class FinetunedEngineTest {

  private static final double TOL = 1e-4;
  private static final List<String> TARGETS = List.of("NATO enlargement", "military aid to Ukraine");
  private static final List<String> STATEMENTS = List.of(
      "Finland's parliament voted to join the alliance without delay.",
      "The senator said not one more dollar should go to Kyiv.",
      "Membership would be welcome, but only once the border disputes are settled.",
      "No.");
  private static final int[] TARGET_IDX = {0, 1, 0, 1};

  private static byte[] onnx;
  private static MiniLmWeights pretrained;
  private static Map<String, float[]> changed;
  private static float[] head;
  private static FinetunedEngine engine;

  @BeforeAll
  static void build() {
    onnx = MiniLmEncoder.modelBytes();
    pretrained = MiniLmWeights.fromOnnx(onnx);
    // The top two layers moved as far as a few epochs of fine-tuning would (noise of 5% of each
    // tensor's spread), stored as the model file stores them.
    Random r = new Random(11);
    changed = new LinkedHashMap<>();
    for (String name : pretrained.names()) {
      if (name.startsWith("encoder.layer.4.") || name.startsWith("encoder.layer.5.")) {
        float[] v = pretrained.values(name).clone();
        double sd = spread(v);
        for (int i = 0; i < v.length; i++) {
          v[i] += (float) (0.05 * sd * r.nextGaussian());
        }
        changed.put(name, EncoderDelta.round(v, FinetunedEngine.PRECISION));
      }
    }
    head = new float[(MiniLmEncoder.DIMENSION + 1) * 3];
    for (int i = 0; i < head.length; i++) {
      head[i] = (float) (0.2 * r.nextGaussian());
    }
    engine = FinetunedEngine.of(onnx, MiniLmEncoder.sha256(onnx), changed, head, TARGETS, 3, 128);
  }

  @AfterAll
  static void close() {
    engine.close();
    onnx = null;
    pretrained = null;
    changed = null;
  }

  private static double spread(float[] v) {
    double m = 0;
    for (float f : v) {
      m += f;
    }
    m /= v.length;
    double s = 0;
    for (float f : v) {
      s += (f - m) * (f - m);
    }
    return Math.max(1e-3, Math.sqrt(s / v.length));
  }

  private static List<int[]>[] pairs() {
    WordPieceTokenizer tok = WordPieceTokenizer.miniLm();
    List<int[]> ids = new ArrayList<>();
    List<int[]> types = new ArrayList<>();
    for (int i = 0; i < STATEMENTS.size(); i++) {
      int[][] p = FinetunedEngine.pair(tok, TARGETS.get(TARGET_IDX[i]), STATEMENTS.get(i), 128);
      ids.add(p[0]);
      types.add(p[1]);
    }
    @SuppressWarnings("unchecked")
    List<int[]>[] out = new List[] {ids, types};
    return out;
  }

  @Test
  void onnxWithChangedWeightsMatchesSameDiff() {
    Map<String, float[]> all = new LinkedHashMap<>();
    for (String name : pretrained.names()) {
      all.put(name, changed.getOrDefault(name, pretrained.values(name)));
    }
    MiniLmGraph graph = new MiniLmGraph(MiniLmWeights.of(pretrained.config(), all), MiniLmGraph.Trainable.NONE,
        DataType.FLOAT);
    List<int[]>[] p = pairs();
    float[][] sameDiff = graph.pooled(p[0], p[1]);
    float[][] ort = engine.pooled(STATEMENTS, TARGET_IDX);
    double maxPooled = 0;
    double maxProb = 0;
    double[][] probs = engine.classify(STATEMENTS, TARGET_IDX);
    for (int i = 0; i < STATEMENTS.size(); i++) {
      for (int d = 0; d < sameDiff[i].length; d++) {
        maxPooled = Math.max(maxPooled, Math.abs(sameDiff[i][d] - ort[i][d]));
      }
      double[] viaSameDiff = engine.probabilities(sameDiff[i]);
      for (int j = 0; j < 3; j++) {
        maxProb = Math.max(maxProb, Math.abs(viaSameDiff[j] - probs[i][j]));
      }
    }
    System.err.printf("fine-tuned parity, ONNX Runtime vs SameDiff: pooled max |diff| %.2e, probabilities %.2e%n",
        maxPooled, maxProb);
    assertTrue(maxPooled < TOL, "pooled max |diff| " + maxPooled);
    assertTrue(maxProb < TOL, "probability max |diff| " + maxProb);

    // The weights really were replaced: the pretrained encoder gives clearly different vectors.
    float[][][] before = EncoderEngine.encoder().encode(p[0], p[1]);
    double moved = 0;
    for (int i = 0; i < before.length; i++) {
      float[] mean = FinetunedEngine.mean(before[i]);
      for (int d = 0; d < mean.length; d++) {
        moved = Math.max(moved, Math.abs(mean[d] - ort[i][d]));
      }
    }
    assertTrue(moved > 100 * TOL, "changed weights moved the output by only " + moved);
  }

  @Test
  void probabilitiesAreADistributionAndBatchingDoesNotMatter() {
    double[][] all = engine.classify(STATEMENTS, TARGET_IDX);
    for (int i = 0; i < STATEMENTS.size(); i++) {
      double[] one = engine.classify(List.of(STATEMENTS.get(i)), new int[] {TARGET_IDX[i]})[0];
      double sum = 0;
      for (int j = 0; j < 3; j++) {
        assertEquals(one[j], all[i][j], 1e-5);
        sum += all[i][j];
      }
      assertEquals(1.0, sum, 1e-9);
    }
  }

  @Test
  void pairReadsTheTargetAsTheFirstSegment() {
    WordPieceTokenizer tok = WordPieceTokenizer.miniLm();
    int[][] p = FinetunedEngine.pair(tok, "aid", "We oppose it.", 128);
    // [CLS] aid [SEP] we oppose it . [SEP]
    assertEquals(8, p[0].length);
    assertEquals(tok.clsId(), p[0][0]);
    assertEquals(tok.sepId(), p[0][2]);
    assertEquals(tok.sepId(), p[0][7]);
    assertEquals("[0, 0, 0, 1, 1, 1, 1, 1]", java.util.Arrays.toString(p[1]));
    int[][] cut = FinetunedEngine.pair(tok, "a very long target ".repeat(20), "statement words ".repeat(100), 32);
    assertEquals(32, cut[0].length);
    assertEquals(tok.sepId(), cut[0][15]);
    assertEquals(1, cut[1][16]);
  }

  @Test
  void refusesAHeadOfTheWrongSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FinetunedEngine.of(onnx, MiniLmEncoder.sha256(onnx), Map.of(), new float[10], TARGETS, 3, 128));
    assertTrue(e.getMessage().contains("the head has 10 values"), e.getMessage());
  }
}
