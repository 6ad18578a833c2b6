package io.github.stance4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Classification metrics over a fixed label set: accuracy, macro-F1, per-label precision, recall
 * and F1, and the confusion matrix. Precision, recall or F1 of a label with no predicted (or no
 * gold) examples is 0.
 *
 * <p>An evaluation made from {@link StancePrediction}s (as {@link StanceClassifier#evaluate} makes
 * it) also knows each prediction's confidence, and reports how far confidence can be trusted:
 * {@link #expectedCalibrationError()}, a {@link #reliability() reliability table} and, for a
 * confidence threshold below which a caller would rather say "not sure", the
 * {@link #atThreshold coverage and accuracy} that remain. Instances are immutable and thread-safe.
 */
public final class Evaluation {

  /** Bins of {@link #reliability()} and {@link #expectedCalibrationError()}. */
  public static final int CALIBRATION_BINS = 10;

  private final List<StanceLabel> labels;
  private final long[][] confusion;
  private final long n;
  /** Confidence of each prediction and whether it was right; null when made from labels only. */
  private final double[] confidence;
  private final boolean[] correct;

  /**
   * One bin of a reliability table: the predictions whose confidence lies in
   * {@code [lower, upper)} (the last bin includes 1).
   *
   * @param lower the bin's lower edge
   * @param upper the bin's upper edge
   * @param count predictions in the bin
   * @param meanConfidence their mean confidence; 0 for an empty bin
   * @param accuracy the share of them that were right; 0 for an empty bin
   */
  public record Bin(double lower, double upper, long count, double meanConfidence, double accuracy) {}

  /**
   * What remains when predictions with a confidence below {@code threshold} are set aside as "not
   * sure".
   *
   * @param threshold the confidence threshold
   * @param kept predictions with confidence at or above it
   * @param coverage {@code kept / n}
   * @param accuracy the share of the kept predictions that were right; 0 when none is kept
   */
  public record ThresholdResult(double threshold, long kept, double coverage, double accuracy) {}

  private Evaluation(List<StanceLabel> labels, long[][] confusion, double[] confidence, boolean[] correct) {
    this.labels = List.copyOf(labels);
    this.confusion = confusion;
    this.confidence = confidence;
    this.correct = correct;
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
    return new Evaluation(labels, m, null, null);
  }

  /**
   * Computes metrics from gold labels and predictions, keeping each prediction's confidence for
   * the calibration figures.
   *
   * @param labels the label set, in the order used for the matrix; every gold and predicted label
   *     must be in it
   * @throws IllegalArgumentException if the lists differ in size or hold a label outside the set
   */
  public static Evaluation ofPredictions(List<StanceLabel> labels, List<StanceLabel> gold,
      List<StancePrediction> predictions) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(gold, "gold");
    Objects.requireNonNull(predictions, "predictions");
    if (gold.size() != predictions.size()) {
      throw new IllegalArgumentException("gold has " + gold.size() + " labels, predictions has "
          + predictions.size());
    }
    long[][] m = new long[labels.size()][labels.size()];
    double[] conf = new double[gold.size()];
    boolean[] ok = new boolean[gold.size()];
    for (int i = 0; i < gold.size(); i++) {
      StancePrediction p = predictions.get(i);
      m[index(labels, gold.get(i))][index(labels, p.label())]++;
      conf[i] = p.confidence();
      ok[i] = p.label().equals(gold.get(i));
    }
    return new Evaluation(labels, m, conf, ok);
  }

  /** Sums several evaluations over the same label set (pooled counts, as in cross-validation). */
  public static Evaluation pooled(List<Evaluation> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no evaluations to pool");
    }
    List<StanceLabel> labels = parts.get(0).labels;
    long[][] m = new long[labels.size()][labels.size()];
    boolean withConfidence = parts.stream().allMatch(e -> e.confidence != null);
    int total = 0;
    for (Evaluation e : parts) {
      total += (int) e.n;
    }
    double[] conf = withConfidence ? new double[total] : null;
    boolean[] ok = withConfidence ? new boolean[total] : null;
    int at = 0;
    for (Evaluation e : parts) {
      if (withConfidence) {
        System.arraycopy(e.confidence, 0, conf, at, e.confidence.length);
        System.arraycopy(e.correct, 0, ok, at, e.correct.length);
        at += e.confidence.length;
      }
      if (!e.labels.equals(labels)) {
        throw new IllegalArgumentException("label sets differ: " + labels + " vs " + e.labels);
      }
      for (int i = 0; i < m.length; i++) {
        for (int j = 0; j < m.length; j++) {
          m[i][j] += e.confusion[i][j];
        }
      }
    }
    return new Evaluation(labels, m, conf, ok);
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

  /**
   * Unweighted mean of the per-label F1 over a subset of the labels, for example the stance labels
   * only when a model also has {@code none}: a {@code none} prediction on a stance example then
   * counts against that label's recall, and nothing else changes.
   *
   * @throws IllegalArgumentException if {@code subset} is empty or holds a label outside the set
   */
  public double macroF1(java.util.Collection<StanceLabel> subset) {
    Objects.requireNonNull(subset, "subset");
    if (subset.isEmpty()) {
      throw new IllegalArgumentException("no labels to average over");
    }
    double s = 0;
    for (StanceLabel l : subset) {
      s += f1(l);
    }
    return s / subset.size();
  }

  /** Whether this evaluation knows the confidence of each prediction (see {@link #ofPredictions}). */
  public boolean hasConfidences() {
    return confidence != null;
  }

  /**
   * Expected calibration error over {@value #CALIBRATION_BINS} equal-width confidence bins: the
   * mean, weighted by bin size, of |accuracy - mean confidence|. 0 is perfect calibration. Empty
   * when the evaluation has no confidences or no examples.
   */
  public OptionalDouble expectedCalibrationError() {
    if (confidence == null || n == 0) {
      return OptionalDouble.empty();
    }
    double ece = 0;
    for (Bin b : reliability()) {
      ece += b.count() * Math.abs(b.accuracy() - b.meanConfidence());
    }
    return OptionalDouble.of(ece / n);
  }

  /**
   * The reliability table: {@value #CALIBRATION_BINS} equal-width bins of confidence, each with its
   * count, mean confidence and accuracy. Empty when the evaluation has no confidences.
   */
  public List<Bin> reliability() {
    if (confidence == null) {
      return List.of();
    }
    int k = CALIBRATION_BINS;
    long[] count = new long[k];
    double[] confSum = new double[k];
    long[] right = new long[k];
    for (int i = 0; i < confidence.length; i++) {
      int b = Math.min(k - 1, (int) Math.floor(confidence[i] * k));
      count[b]++;
      confSum[b] += confidence[i];
      right[b] += correct[i] ? 1 : 0;
    }
    List<Bin> out = new ArrayList<>(k);
    for (int b = 0; b < k; b++) {
      out.add(new Bin((double) b / k, (double) (b + 1) / k, count[b],
          count[b] == 0 ? 0 : confSum[b] / count[b], count[b] == 0 ? 0 : (double) right[b] / count[b]));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Coverage and accuracy when predictions with confidence below {@code threshold} are set aside.
   *
   * @throws IllegalArgumentException if {@code threshold} is not in [0, 1]
   * @throws IllegalStateException if the evaluation has no confidences
   */
  public ThresholdResult atThreshold(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
    }
    if (confidence == null) {
      throw new IllegalStateException("this evaluation was made from labels only; it has no confidences");
    }
    long kept = 0;
    long right = 0;
    for (int i = 0; i < confidence.length; i++) {
      if (confidence[i] >= threshold) {
        kept++;
        right += correct[i] ? 1 : 0;
      }
    }
    return new ThresholdResult(threshold, kept, n == 0 ? 0 : (double) kept / n,
        kept == 0 ? 0 : (double) right / kept);
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
    OptionalDouble ece = expectedCalibrationError();
    if (ece.isPresent()) {
      m.put("ece", round(ece.getAsDouble()));
      List<Map<String, Object>> bins = new ArrayList<>();
      for (Bin b : reliability()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("lower", b.lower());
        x.put("upper", b.upper());
        x.put("n", b.count());
        x.put("confidence", round(b.meanConfidence()));
        x.put("accuracy", round(b.accuracy()));
        bins.add(x);
      }
      m.put("reliability", bins);
    }
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
    OptionalDouble ece = expectedCalibrationError();
    if (ece.isPresent()) {
      sb.append(String.format(Locale.ROOT, "expected calibration error (%d bins): %.4f%n", CALIBRATION_BINS, ece.getAsDouble()));
      sb.append(String.format(Locale.ROOT, "%-12s %7s %11s %9s%n", "confidence", "n", "mean conf.", "accuracy"));
      for (Bin b : reliability()) {
        if (b.count() > 0) {
          sb.append(String.format(Locale.ROOT, "%.1f-%.1f    %7d %11.4f %9.4f%n", b.lower(), b.upper(), b.count(),
              b.meanConfidence(), b.accuracy()));
        }
      }
    }
    return sb.toString();
  }
}
