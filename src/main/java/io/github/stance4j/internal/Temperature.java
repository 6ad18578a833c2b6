package io.github.stance4j.internal;

/**
 * Temperature scaling (Guo et al., 2017, "On Calibration of Modern Neural Networks"): the network's
 * softmax output {@code p} becomes {@code q_i = p_i^(1/T) / sum_j p_j^(1/T)}, which is
 * {@code softmax(logits / T)} without needing the logits. One scalar {@code T > 0} is fitted by
 * minimising the negative log-likelihood of held-out examples. {@code T > 1} softens an
 * over-confident model, {@code T < 1} sharpens an under-confident one; the winning label never
 * changes. Stateless and thread-safe. Internal.
 */
public final class Temperature {

  /** The range searched for {@code T}. */
  public static final double MIN = 0.05;
  public static final double MAX = 20;
  /** Probabilities are floored here before taking logarithms (float softmax outputs can be 0). */
  /** Smallest probability taken to a logarithm, so that a zero does not become minus infinity. */
  static final double FLOOR = 1e-12;

  /** The manifest's {@code calibration.method} for temperature scaling. */
  public static final String METHOD = "temperature";

  private Temperature() {}

  /** A new, mutable manifest {@code calibration} entry for temperature {@code t}: method and temperature. */
  public static java.util.Map<String, Object> entry(double t) {
    java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
    c.put("method", METHOD);
    c.put("temperature", t);
    return c;
  }

  /**
   * The temperature a model's manifest records ({@code calibration.temperature}); 1 when it has no
   * calibration (models written before 0.2.0, or trained without a validation split).
   */
  public static double of(Manifest m) {
    if (m.calibration == null) {
      return 1;
    }
    return ((Number) m.calibration.get("temperature")).doubleValue();
  }

  /**
   * Checks a manifest's {@code calibration} entry; {@code null} is allowed.
   *
   * @return a message naming the problem, or null when it is valid
   */
  static String check(java.util.Map<String, Object> calibration) {
    if (calibration == null) {
      return null;
    }
    if (!METHOD.equals(calibration.get("method"))) {
      return "calibration.method is " + calibration.get("method") + "; this stance4j knows \"" + METHOD + "\"";
    }
    Object t = calibration.get("temperature");
    if (!(t instanceof Number) || !(((Number) t).doubleValue() >= MIN && ((Number) t).doubleValue() <= MAX)) {
      return "calibration.temperature is " + t + "; expected a number from " + MIN + " to " + MAX;
    }
    return null;
  }

  /**
   * The temperature that minimises the mean negative log-likelihood of {@code gold} under
   * {@code probs} (golden-section search on {@code log T}, to 1e-4 in log space; the NLL is convex
   * in {@code 1/T}).
   *
   * @param probs one probability row per example
   * @param gold the index of each example's true label
   * @throws IllegalArgumentException if there are no examples or the sizes differ
   */
  public static double fit(double[][] probs, int[] gold) {
    if (probs.length == 0 || probs.length != gold.length) {
      throw new IllegalArgumentException("need one gold label per row, and at least one row; got "
          + probs.length + " rows and " + gold.length + " labels");
    }
    double[][] logs = new double[probs.length][];
    for (int i = 0; i < probs.length; i++) {
      logs[i] = new double[probs[i].length];
      for (int j = 0; j < probs[i].length; j++) {
        logs[i][j] = Math.log(Math.max(FLOOR, probs[i][j]));
      }
    }
    double lo = Math.log(MIN);
    double hi = Math.log(MAX);
    double g = (Math.sqrt(5) - 1) / 2;
    double a = hi - g * (hi - lo);
    double b = lo + g * (hi - lo);
    double fa = nllOfLogs(logs, gold, Math.exp(a));
    double fb = nllOfLogs(logs, gold, Math.exp(b));
    while (hi - lo > 1e-4) {
      if (fa <= fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - g * (hi - lo);
        fa = nllOfLogs(logs, gold, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + g * (hi - lo);
        fb = nllOfLogs(logs, gold, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  /** Mean negative log-likelihood of {@code gold} under {@code probs} scaled by {@code t}. */
  public static double nll(double[][] probs, int[] gold, double t) {
    double s = 0;
    for (int i = 0; i < probs.length; i++) {
      s -= Math.log(Math.max(FLOOR, apply(probs[i], t)[gold[i]]));
    }
    return s / probs.length;
  }

  private static double nllOfLogs(double[][] logs, int[] gold, double t) {
    double s = 0;
    for (int i = 0; i < logs.length; i++) {
      double[] l = logs[i];
      double max = Double.NEGATIVE_INFINITY;
      for (double x : l) {
        max = Math.max(max, x / t);
      }
      double z = 0;
      for (double x : l) {
        z += Math.exp(x / t - max);
      }
      s -= l[gold[i]] / t - max - Math.log(z);
    }
    return s / logs.length;
  }

  /**
   * {@code p} scaled by temperature {@code t}: a new row summing to 1. {@code t == 1} returns a
   * copy of {@code p}.
   */
  public static double[] apply(double[] p, double t) {
    double[] q = p.clone();
    if (t == 1) {
      return q;
    }
    for (int i = 0; i < q.length; i++) {
      q[i] = Math.log(Math.max(FLOOR, p[i])) / t;
    }
    softmax(q);
    return q;
  }

  /** Turns scores into probabilities, in place (shifted by the maximum, so no overflow). */
  static void softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < z.length; j++) {
      z[j] = Math.exp(z[j] - max);
      sum += z[j];
    }
    for (int j = 0; j < z.length; j++) {
      z[j] /= sum;
    }
  }
}
