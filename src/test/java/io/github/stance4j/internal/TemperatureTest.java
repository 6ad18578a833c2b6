package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemperatureTest {

  /**
   * Labels drawn from softmax(z / 2) while the model reports softmax(z): the model is
   * over-confident by a temperature of 2, and the fit must find it.
   */
  @Test
  void recoversTheTemperatureThatGeneratedTheLabels() {
    for (double truth : new double[] {0.5, 2.0, 4.0}) {
      Random r = new Random(11);
      int n = 20_000;
      double[][] p = new double[n][];
      int[] gold = new int[n];
      for (int i = 0; i < n; i++) {
        double[] z = new double[4];
        for (int j = 0; j < 4; j++) {
          z[j] = 3 * r.nextGaussian();
        }
        p[i] = Temperature.apply(softmax(z), 1);
        double[] q = softmax(scale(z, 1 / truth));
        double u = r.nextDouble();
        int k = 0;
        for (double c = q[0]; c < u && k < 3; c += q[++k]) {
          // draw the gold label from q
        }
        gold[i] = k;
      }
      double t = Temperature.fit(p, gold);
      assertEquals(truth, t, 0.08 * truth, "fitted temperature");
      assertTrue(Temperature.nll(p, gold, t) < Temperature.nll(p, gold, 1), "NLL falls");
    }
  }

  @Test
  void applyKeepsTheWinnerAndSumsToOne() {
    double[] p = {0.7, 0.2, 0.1, 0.0};
    for (double t : new double[] {0.3, 1, 2.5, 20}) {
      double[] q = Temperature.apply(p, t);
      assertEquals(1, q[0] + q[1] + q[2] + q[3], 1e-12);
      assertTrue(q[0] > q[1] && q[1] > q[2] && q[2] > q[3], "order kept at T=" + t);
    }
    assertArrayEquals(p, Temperature.apply(p, 1));
    assertTrue(Temperature.apply(p, 2)[0] < 0.7, "T > 1 softens");
    assertTrue(Temperature.apply(p, 0.5)[0] > 0.7, "T < 1 sharpens");
    // softmax(log p / 2) by hand for two labels: sqrt(.7) / (sqrt(.7) + sqrt(.3))
    double[] two = Temperature.apply(new double[] {0.7, 0.3}, 2);
    assertEquals(Math.sqrt(0.7) / (Math.sqrt(0.7) + Math.sqrt(0.3)), two[0], 1e-12);
  }

  @Test
  void manifestEntriesAreChecked() {
    assertNull(Temperature.check(null));
    assertNull(Temperature.check(Map.of("method", "temperature", "temperature", 1.7)));
    assertNotNull(Temperature.check(Map.of("method", "isotonic", "temperature", 1.7)));
    assertTrue(Temperature.check(Map.of("method", "temperature", "temperature", 0.0)).contains("0.0"));
    assertTrue(Temperature.check(Map.of("method", "temperature")).contains("null"));
    Manifest m = new Manifest();
    assertEquals(1, Temperature.of(m));
    m.calibration = Map.of("method", "temperature", "temperature", 1.7);
    assertEquals(1.7, Temperature.of(m));
  }

  @Test
  void refusesMismatchedInput() {
    assertThrows(IllegalArgumentException.class, () -> Temperature.fit(new double[0][], new int[0]));
    assertThrows(IllegalArgumentException.class, () -> Temperature.fit(new double[][] {{0.5, 0.5}}, new int[2]));
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double[] e = new double[z.length];
    double s = 0;
    for (int i = 0; i < z.length; i++) {
      e[i] = Math.exp(z[i] - max);
      s += e[i];
    }
    for (int i = 0; i < z.length; i++) {
      e[i] /= s;
    }
    return e;
  }

  private static double[] scale(double[] z, double f) {
    double[] o = z.clone();
    for (int i = 0; i < o.length; i++) {
      o[i] *= f;
    }
    return o;
  }
}
