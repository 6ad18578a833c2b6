package io.github.stance4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Classification metrics over a fixed label set: accuracy, macro-F1, per-label precision, recall
 * and F1, and the confusion matrix. Precision, recall or F1 of a label with no predicted (or no
 * gold) examples is 0. Instances are immutable and thread-safe.
 */
public final class Evaluation {

  private final List<StanceLabel> labels;
  private final long[][] confusion;
  private final long n;

  private Evaluation(List<StanceLabel> labels, long[][] confusion) {
    this.labels = List.copyOf(labels);
    this.confusion = confusion;
    long total = 0;
    for (long[] row : confusion) {
      for (long c : row) {
        total += c;
      }
    }
    this.n = total;
  }

  /**
   * Computes metrics from gold and predicted labels.
   *
   * @param labels the label set, in the order used for the matrix; every gold and predicted label
   *     must be in it
   * @throws IllegalArgumentException if the lists differ in size or hold a label outside the set
   */
  public static Evaluation of(List<StanceLabel> labels, List<StanceLabel> gold,
      List<StanceLabel> predicted) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(gold, "gold");
    Objects.requireNonNull(predicted, "predicted");
    if (gold.size() != predicted.size()) {
      throw new IllegalArgumentException("gold has " + gold.size() + " labels, predicted has "
          + predicted.size());
    }
    long[][] m = new long[labels.size()][labels.size()];
    for (int i = 0; i < gold.size(); i++) {
      m[index(labels, gold.get(i))][index(labels, predicted.get(i))]++;
    }
    return new Evaluation(labels, m);
  }

  /** Sums several evaluations over the same label set (pooled counts, as in cross-validation). */
  public static Evaluation pooled(List<Evaluation> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no evaluations to pool");
    }
    List<StanceLabel> labels = parts.get(0).labels;
    long[][] m = new long[labels.size()][labels.size()];
    for (Evaluation e : parts) {
      if (!e.labels.equals(labels)) {
        throw new IllegalArgumentException("label sets differ: " + labels + " vs " + e.labels);
      }
      for (int i = 0; i < m.length; i++) {
        for (int j = 0; j < m.length; j++) {
          m[i][j] += e.confusion[i][j];
        }
      }
    }
    return new Evaluation(labels, m);
  }

  private static int index(List<StanceLabel> labels, StanceLabel l) {
    int i = labels.indexOf(l);
    if (i < 0) {
      throw new IllegalArgumentException("label \"" + l + "\" is not in " + labels);
    }
    return i;
  }

  /** The label set, in matrix order. */
  public List<StanceLabel> labels() {
    return labels;
  }

  /** Number of examples evaluated. */
  public long n() {
    return n;
  }

  /** Share of examples whose predicted label equals the gold label; 0 when {@code n() == 0}. */
  public double accuracy() {
    long ok = 0;
    for (int i = 0; i < confusion.length; i++) {
      ok += confusion[i][i];
    }
    return n == 0 ? 0 : (double) ok / n;
  }

  /** Precision of {@code label}. */
  public double precision(StanceLabel label) {
    int k = index(labels, label);
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[k];
    }
    return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
  }

  /** Recall of {@code label}. */
  public double recall(StanceLabel label) {
    int k = index(labels, label);
    long gold = 0;
    for (long c : confusion[k]) {
      gold += c;
    }
    return gold == 0 ? 0 : (double) confusion[k][k] / gold;
  }

  /** F1 of {@code label}. */
  public double f1(StanceLabel label) {
    double p = precision(label);
    double r = recall(label);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Unweighted mean of the per-label F1 over {@link #labels()}. */
  public double macroF1() {
    double s = 0;
    for (StanceLabel l : labels) {
      s += f1(l);
    }
    return s / labels.size();
  }

  /** Count of examples with gold label {@code gold} predicted as {@code predicted}. */
  public long count(StanceLabel gold, StanceLabel predicted) {
    return confusion[index(labels, gold)][index(labels, predicted)];
  }

  /** A copy of the confusion matrix: rows are gold labels, columns predicted, in label order. */
  public long[][] confusionMatrix() {
    long[][] c = new long[confusion.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = confusion[i].clone();
    }
    return c;
  }

  /** The metrics as a map, suitable for JSON: accuracy, macro_f1, n and per-label figures. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accuracy", round(accuracy()));
    m.put("macro_f1", round(macroF1()));
    m.put("n", n);
    Map<String, Object> per = new LinkedHashMap<>();
    for (StanceLabel l : labels) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("precision", round(precision(l)));
      x.put("recall", round(recall(l)));
      x.put("f1", round(f1(l)));
      per.put(l.name(), x);
    }
    m.put("per_label", per);
    List<List<Long>> rows = new ArrayList<>();
    for (long[] row : confusion) {
      List<Long> r = new ArrayList<>();
      for (long c : row) {
        r.add(c);
      }
      rows.add(Collections.unmodifiableList(r));
    }
    m.put("confusion", rows);
    return m;
  }

  private static double round(double x) {
    return Math.round(x * 10000) / 10000.0;
  }

  /** A readable report: accuracy, macro-F1, a per-label table and the confusion matrix. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "n=%d  accuracy=%.4f  macro-F1=%.4f%n", n, accuracy(), macroF1()));
    sb.append(String.format(Locale.ROOT, "%-14s %9s %9s %9s %7s%n", "label", "precision", "recall", "f1", "gold"));
    for (StanceLabel l : labels) {
      long gold = 0;
      for (long c : confusion[labels.indexOf(l)]) {
        gold += c;
      }
      sb.append(String.format(Locale.ROOT, "%-14s %9.4f %9.4f %9.4f %7d%n", l, precision(l), recall(l), f1(l), gold));
    }
    sb.append("confusion (rows gold, columns predicted):\n");
    sb.append(String.format(Locale.ROOT, "%-14s", ""));
    for (StanceLabel l : labels) {
      sb.append(String.format(Locale.ROOT, " %12s", l));
    }
    sb.append('\n');
    for (int i = 0; i < labels.size(); i++) {
      sb.append(String.format(Locale.ROOT, "%-14s", labels.get(i)));
      for (long c : confusion[i]) {
        sb.append(String.format(Locale.ROOT, " %12d", c));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
