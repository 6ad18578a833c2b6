package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.ModelFormatException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NgramModelTest {

  /** Two targets, three labels: support, opposition, conditional. */
  static final List<String> STATEMENTS = List.of(
      "The minister welcomed the new member warmly.",
      "We welcome their accession and want it soon.",
      "Parliament welcomed the vote to ratify.",
      "Moscow rejected the enlargement outright.",
      "The envoy said they reject any expansion.",
      "Officials rejected the plan as a provocation.",
      "Membership only once the war is over.",
      "They can join only if conditions are met.",
      "The door is open, but only once reforms are done.",
      "Aid welcomed by the defence minister.",
      "The opposition rejected more aid.",
      "More aid only if the money is audited.");
  static final int[] TARGET = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
  static final int[] LABEL = {0, 0, 0, 1, 1, 1, 2, 2, 2, 0, 1, 2};

  static NgramModel model() {
    return NgramModel.train(STATEMENTS, TARGET, LABEL, 2, 3, 100);
  }

  @Test
  void featuresAreLowerCasedWordsOfTwoOrMoreCharactersAndTheirBigrams() {
    assertEquals(List.of("the", "door", "is", "open", "the door", "door is", "is open"),
        NgramModel.terms("The door is OPEN, a"));
  }

  @Test
  void learnsTheTrainingStatementsAndGivesProbabilities() {
    NgramModel m = model();
    assertEquals(2, m.targets());
    assertEquals(3, m.labels());
    for (int i = 0; i < STATEMENTS.size(); i++) {
      double[] p = m.probabilities(STATEMENTS.get(i), TARGET[i]);
      assertEquals(1, Arrays.stream(p).sum(), 1e-9);
      assertEquals(LABEL[i], argmax(p), STATEMENTS.get(i) + " " + Arrays.toString(p));
    }
    // Unseen phrasing that shares the deciding words.
    assertEquals(1, argmax(m.probabilities("The foreign ministry rejected it.", 0)));
    assertEquals(0, argmax(m.probabilities("Allies welcomed it.", 0)));
    // No known word: the target feature and the biases decide, and nothing breaks.
    assertEquals(1, Arrays.stream(m.probabilities("Zzz qqq", 1)).sum(), 1e-9);
  }

  @Test
  void trainingIsDeterministic() {
    assertArrayEquals(model().toBytes(), model().toBytes());
  }

  /** The analytic gradient of the penalised loss matches central differences. */
  @Test
  void gradientMatchesFiniteDifferences() {
    List<double[]> rows = List.of(new double[] {0.6, 0.8, 0}, new double[] {0, 0.6, 0.8}, new double[] {1, 0, 0});
    int[] y = {0, 2, 1};
    int f = 3;
    int k = 3;
    double c = 7;
    Random r = new Random(5);
    double[] x = new double[f * k + k];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    double[] g = new double[x.length];
    NgramModel.objective(x, g, NgramModel.denseRows(rows), y, f, k, c);
    double[] scratch = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double h = 1e-6;
      double[] a = x.clone();
      double[] b = x.clone();
      a[i] += h;
      b[i] -= h;
      double num = (NgramModel.objective(a, scratch, NgramModel.denseRows(rows), y, f, k, c)
          - NgramModel.objective(b, scratch, NgramModel.denseRows(rows), y, f, k, c)) / (2 * h);
      assertEquals(num, g[i], 1e-5 * Math.max(1, Math.abs(num)), "parameter " + i);
    }
  }

  /** L-BFGS reaches the minimum: the gradient at the stored weights is small next to the loss's scale. */
  @Test
  void trainedWeightsMinimiseThePenalisedLoss() {
    double[] grad = NgramModel.gradientAtSolution(STATEMENTS, TARGET, LABEL, 2, 3, 100);
    double norm = Math.sqrt(Arrays.stream(grad).map(v -> v * v).sum());
    // float32 storage of weights of size ~10 leaves a gradient of about 1e-3 at C = 100.
    assertTrue(norm < 0.05, "gradient norm at the solution " + norm);
  }

  @Test
  void bytesRoundTripToTheSameProbabilities() throws ModelFormatException {
    NgramModel m = model();
    NgramModel back = NgramModel.fromBytes(m.toBytes(), "x.zip", 2, 3);
    assertEquals(m.features(), back.features());
    for (int i = 0; i < STATEMENTS.size(); i++) {
      assertArrayEquals(m.probabilities(STATEMENTS.get(i), TARGET[i]), back.probabilities(STATEMENTS.get(i), TARGET[i]));
    }
  }

  @Test
  void refusesDamagedBytesNamingTheFile() {
    byte[] b = model().toBytes();
    String msg = assertThrows(ModelFormatException.class,
        () -> NgramModel.fromBytes(Arrays.copyOf(b, b.length - 3), "m.zip", 2, 3)).getMessage();
    assertEquals("m.zip: ngrams.bin is truncated", msg);
    msg = assertThrows(ModelFormatException.class, () -> NgramModel.fromBytes(b, "m.zip", 3, 3)).getMessage();
    assertEquals("m.zip: ngrams.bin has 2 targets and 3 labels; the manifest has 3 and 3", msg);
    byte[] magic = b.clone();
    magic[0] = 0;
    msg = assertThrows(ModelFormatException.class, () -> NgramModel.fromBytes(magic, "m.zip", 2, 3)).getMessage();
    assertTrue(msg.contains("bad magic number"), msg);
    byte[] longer = Arrays.copyOf(b, b.length + 1);
    msg = assertThrows(ModelFormatException.class, () -> NgramModel.fromBytes(longer, "m.zip", 2, 3)).getMessage();
    assertEquals("m.zip: ngrams.bin has bytes after its last weight", msg);
  }

  @Test
  void blendIsTheWeightedGeometricMean() {
    double[] net = {0.7, 0.2, 0.1};
    double[] ngram = {0.1, 0.6, 0.3};
    double[] p = NgramModel.blend(net, ngram, 0.5);
    double[] expect = {Math.sqrt(0.07), Math.sqrt(0.12), Math.sqrt(0.03)};
    double s = Arrays.stream(expect).sum();
    for (int j = 0; j < 3; j++) {
      assertEquals(expect[j] / s, p[j], 1e-12);
    }
    assertArrayEquals(net, NgramModel.blend(net, ngram, 0), 1e-12);
    // A zero probability does not veto a label the other side is sure of.
    assertTrue(NgramModel.blend(new double[] {0, 1}, new double[] {1, 0}, 0.5)[0] > 0.49);
  }

  @Test
  void refusesBadTrainingInput() {
    String msg = assertThrows(IllegalArgumentException.class,
        () -> NgramModel.train(STATEMENTS, new int[] {0}, LABEL, 2, 3, 1)).getMessage();
    assertTrue(msg.startsWith("need as many targets and labels as statements (12)"), msg);
    msg = assertThrows(IllegalArgumentException.class,
        () -> NgramModel.train(STATEMENTS, TARGET, LABEL, 2, 3, 0)).getMessage();
    assertEquals("C must be positive and finite, was 0.0", msg);
    int[] bad = LABEL.clone();
    bad[4] = 3;
    msg = assertThrows(IllegalArgumentException.class,
        () -> NgramModel.train(STATEMENTS, TARGET, bad, 2, 3, 1)).getMessage();
    assertEquals("row 4: target 0 or label 3 out of range (2 targets, 3 labels)", msg);
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    return best;
  }
}
