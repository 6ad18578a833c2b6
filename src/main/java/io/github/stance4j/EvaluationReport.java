package io.github.stance4j;

import io.github.stance4j.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;

/**
 * An evaluation of a classifier on labelled data, with what a reviewer needs to trust it, written
 * as one self-contained HTML page by {@link #writeHtml(Path)}: the model's provenance, accuracy and
 * macro-F1 with bootstrap 95% intervals, per-label precision, recall and F1, the confusion matrix,
 * a reliability diagram, a precision-coverage curve for a confidence threshold, and the
 * misclassified statements with the highest confidence, each with its {@link StanceExplanation}
 * highlighted. {@link #withCrossValidation} adds the figures of a cross-validation and their
 * spread over the folds.
 *
 * <pre>{@code
 * StanceClassifier c = StanceClassifier.loadDefault();
 * EvaluationReport.of(c, StanceDataset.readCsv(Path.of("my-data.csv"))).writeHtml(Path.of("report.html"));
 * }</pre>
 *
 * <p>The page has no scripts and loads nothing (no fonts, images or style sheets from anywhere);
 * charts are inline SVG and scale to the page width, so it reads on a phone without horizontal
 * scrolling. It measured 37 KB for the 289 stance rows of the held-out split (README, "Explanations
 * and the evaluation report").
 *
 * <h2>Contract</h2>
 * Instances are immutable and thread-safe. Every method throws {@link NullPointerException} for a
 * {@code null} argument and never returns {@code null}. The bootstrap uses
 * {@value #BOOTSTRAP_RESAMPLES} resamples with the fixed seed {@value #BOOTSTRAP_SEED}, so the same
 * evaluation always gives the same intervals.
 */
public final class EvaluationReport {

  /** Bootstrap resamples for the 95% intervals. */
  public static final int BOOTSTRAP_RESAMPLES = 1000;
  /** Seed of the bootstrap resampling. */
  public static final long BOOTSTRAP_SEED = 12;
  /** How many misclassified statements the report explains. */
  public static final int MISCLASSIFIED_SHOWN = 10;
  /** Confidence thresholds of the precision-coverage table. */
  public static final List<Double> TABLE_THRESHOLDS = List.of(0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95);

  /**
   * A figure with its bootstrap 95% interval (2.5th and 97.5th percentiles of the resampled
   * figure).
   *
   * @param estimate the figure on the data itself
   * @param lower lower end of the interval
   * @param upper upper end of the interval
   */
  public record Interval(double estimate, double lower, double upper) {}

  /**
   * A misclassified example with its explanation.
   *
   * @param example the labelled example
   * @param origin where it came from ({@link StanceDataset#origin(int)})
   * @param explanation why the model predicted what it did; its prediction is the wrong label
   */
  public record Misclassified(StanceExample example, String origin, StanceExplanation explanation) {

    /** Checks for nulls. */
    public Misclassified {
      Objects.requireNonNull(example, "example");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(explanation, "explanation");
    }
  }

  private final ModelInfo model;
  private final String dataDescription;
  private final String dataSha256;
  private final Evaluation evaluation;
  private final Interval accuracy;
  private final Interval macroF1;
  private final List<Misclassified> misclassified;
  private final CrossValidationResult crossValidation;
  private final Instant createdAt;

  private EvaluationReport(ModelInfo model, String dataDescription, String dataSha256, Evaluation evaluation,
      List<Misclassified> misclassified, CrossValidationResult crossValidation, Instant createdAt) {
    this.model = model;
    this.dataDescription = dataDescription;
    this.dataSha256 = dataSha256;
    this.evaluation = evaluation;
    this.accuracy = bootstrap(evaluation, false);
    this.macroF1 = bootstrap(evaluation, true);
    this.misclassified = List.copyOf(misclassified);
    this.crossValidation = crossValidation;
    this.createdAt = createdAt;
  }

  /**
   * Classifies every example of {@code data} toward its own target, evaluates the predictions and
   * explains the {@value #MISCLASSIFIED_SHOWN} misclassified examples with the highest confidence.
   * Costs one {@link StanceClassifier#evaluate} plus those explanations (about {@code n + 1}
   * statements each for {@code n} words).
   *
   * @throws StanceDataException if the data holds a label or target the model does not know
   * @throws IllegalStateException if the classifier is closed
   */
  public static EvaluationReport of(StanceClassifier classifier, StanceDataset data) {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(data, "data");
    List<StancePrediction> preds = classifier.predictAll(data);
    List<StanceLabel> gold = new ArrayList<>();
    List<Integer> wrong = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      gold.add(data.examples().get(i).label());
      if (!preds.get(i).label().equals(gold.get(i))) {
        wrong.add(i);
      }
    }
    Evaluation e = Evaluation.ofPredictions(classifier.labels(), gold, preds);
    wrong.sort(Comparator.comparingDouble((Integer i) -> -preds.get(i).confidence()).thenComparingInt(i -> i));
    List<Misclassified> shown = new ArrayList<>();
    for (int i : wrong.subList(0, Math.min(MISCLASSIFIED_SHOWN, wrong.size()))) {
      StanceExample ex = data.examples().get(i);
      shown.add(new Misclassified(ex, data.origin(i), classifier.explain(ex.statement(), ex.target())));
    }
    return new EvaluationReport(classifier.info(), describe(data), data.sha256(), e, shown, null,
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** The data's files (from the examples' origins) and size. */
  private static String describe(StanceDataset data) {
    Set<String> files = new LinkedHashSet<>();
    for (int i = 0; i < data.size(); i++) {
      String o = data.origin(i);
      int colon = o.lastIndexOf(':');
      files.add(colon > 0 && o.substring(colon + 1).chars().allMatch(Character::isDigit) ? o.substring(0, colon) : "(built in code)");
    }
    return data.size() + " labelled statements from " + String.join(", ", files);
  }

  /**
   * This report with the figures of a cross-validation added: the pooled figures (with bootstrap
   * intervals) and each fold's accuracy and macro-F1 with their mean and standard deviation.
   *
   * @throws IllegalArgumentException if the cross-validation's labels differ from this report's
   */
  public EvaluationReport withCrossValidation(CrossValidationResult cv) {
    Objects.requireNonNull(cv, "cv");
    if (!cv.pooled().labels().equals(evaluation.labels())) {
      throw new IllegalArgumentException("cross-validation labels " + cv.pooled().labels() + " differ from "
          + evaluation.labels());
    }
    return new EvaluationReport(model, dataDescription, dataSha256, evaluation, misclassified, cv, createdAt);
  }

  /** The evaluation of the classifier on the data. */
  public Evaluation evaluation() {
    return evaluation;
  }

  /** What the model file says about the model. */
  public ModelInfo model() {
    return model;
  }

  /** Accuracy with its bootstrap 95% interval. */
  public Interval accuracy() {
    return accuracy;
  }

  /** Macro-F1 with its bootstrap 95% interval. */
  public Interval macroF1() {
    return macroF1;
  }

  /** The misclassified examples shown, highest confidence first (ties in data order). */
  public List<Misclassified> misclassified() {
    return misclassified;
  }

  /** The cross-validation added by {@link #withCrossValidation}, if any. */
  public Optional<CrossValidationResult> crossValidation() {
    return Optional.ofNullable(crossValidation);
  }

  /**
   * Bootstrap 95% interval of accuracy or macro-F1 of an evaluation: the (gold, predicted) pairs of
   * its confusion matrix are resampled with replacement {@value #BOOTSTRAP_RESAMPLES} times with
   * seed {@value #BOOTSTRAP_SEED}.
   */
  public static Interval bootstrap(Evaluation e, boolean macroF1) {
    Objects.requireNonNull(e, "e");
    long[][] m = e.confusionMatrix();
    int k = m.length;
    int n = (int) e.n();
    double estimate = macroF1 ? e.macroF1() : e.accuracy();
    if (n == 0) {
      return new Interval(estimate, estimate, estimate);
    }
    int[] cell = new int[n];
    int at = 0;
    for (int g = 0; g < k; g++) {
      for (int p = 0; p < k; p++) {
        for (long c = 0; c < m[g][p]; c++) {
          cell[at++] = g * k + p;
        }
      }
    }
    Random random = new Random(BOOTSTRAP_SEED);
    double[] stats = new double[BOOTSTRAP_RESAMPLES];
    long[] counts = new long[k * k];
    for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[cell[random.nextInt(n)]]++;
      }
      stats[b] = macroF1 ? macroF1(counts, k) : accuracy(counts, k, n);
    }
    Arrays.sort(stats);
    return new Interval(estimate, stats[(int) Math.floor(0.025 * BOOTSTRAP_RESAMPLES)],
        stats[(int) Math.ceil(0.975 * BOOTSTRAP_RESAMPLES) - 1]);
  }

  private static double accuracy(long[] c, int k, int n) {
    long ok = 0;
    for (int i = 0; i < k; i++) {
      ok += c[i * k + i];
    }
    return (double) ok / n;
  }

  /** Macro-F1 as {@link Evaluation#macroF1()} computes it, from flattened counts. */
  private static double macroF1(long[] c, int k) {
    double s = 0;
    for (int l = 0; l < k; l++) {
      long predicted = 0;
      long gold = 0;
      for (int j = 0; j < k; j++) {
        predicted += c[j * k + l];
        gold += c[l * k + j];
      }
      double p = predicted == 0 ? 0 : (double) c[l * k + l] / predicted;
      double r = gold == 0 ? 0 : (double) c[l * k + l] / gold;
      s += p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
    return s / k;
  }

  /**
   * Writes {@link #toHtml()} to {@code file} in UTF-8, atomically (a temporary file moved over it).
   *
   * @throws IOException if the file cannot be written; an existing file is then left unchanged
   */
  public void writeHtml(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] html = toHtml().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, out -> out.write(html));
  }

  /** The report as one self-contained HTML page. */
  public String toHtml() {
    return new Html().page();
  }

  // ---------------------------------------------------------------- HTML

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }

  static String f4(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }

  private static String f3(double x) {
    return String.format(Locale.ROOT, "%.3f", x);
  }

  private static String f1(double x) {
    return String.format(Locale.ROOT, "%.1f", x);
  }

  /** Contributions below this are neither marked nor listed: they would print as +0.000. */
  static final double MIN_SHOWN = 0.0005;

  private static final String STYLE = """
      *{box-sizing:border-box}
      body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;background:#fff}
      main{max-width:60rem;margin:0 auto;padding:1rem}
      h1{font-size:1.5rem;margin:.2rem 0 .6rem}
      h2{font-size:1.15rem;margin:1.8rem 0 .5rem;border-bottom:1px solid #d8dde3;padding-bottom:.2rem}
      p,li{overflow-wrap:anywhere}
      .muted{color:#5b6673;font-size:.9rem}
      .cards{display:flex;flex-wrap:wrap;gap:.6rem}
      .card{flex:1 1 12rem;border:1px solid #d8dde3;border-radius:.4rem;padding:.6rem .8rem}
      .card .v{font-size:1.6rem;font-weight:600}
      table{border-collapse:collapse;margin:.4rem 0;max-width:100%}
      th,td{padding:.2rem .5rem;border-bottom:1px solid #e6e9ed;text-align:left;vertical-align:top}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      table.kv td:first-child{color:#5b6673;white-space:nowrap}
      table.kv td{overflow-wrap:anywhere;word-break:break-word}
      .grid{display:flex;flex-wrap:wrap;gap:1.2rem}
      .grid>figure{flex:1 1 20rem;min-width:0;margin:0}
      figure svg{width:100%;height:auto;display:block}
      figcaption{font-size:.88rem;color:#5b6673;margin-top:.3rem}
      .scroll{overflow-x:auto}
      .ex{border:1px solid #d8dde3;border-radius:.4rem;padding:.6rem .8rem;margin:.6rem 0}
      .ex .meta{font-size:.88rem;color:#5b6673;margin-bottom:.3rem;overflow-wrap:anywhere}
      .ex .s{font-size:1rem}
      mark{border-radius:.2rem;padding:0 .1rem;color:inherit}
      .legend mark{white-space:nowrap}
      details{margin:.4rem 0}
      code{font-size:.88em;overflow-wrap:anywhere;word-break:break-all}
      @media (max-width:30rem){main{padding:.7rem}th,td{padding:.2rem .3rem}table{font-size:.85rem}.card .v{font-size:1.35rem}}
      """;

  /** Colours per label: blue, orange, green, purple, then grey. */
  private static final String[] COLOURS = {"#2f6db5", "#d9731c", "#2e9a5a", "#8a56b0", "#7a8591", "#b0413e"};

  private final class Html {
    private final StringBuilder sb = new StringBuilder(64 * 1024);
    private final List<StanceLabel> labels = evaluation.labels();

    String page() {
      sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .append("<title>stance4j evaluation: ").append(esc(model.architecture())).append(", ")
          .append(evaluation.n()).append(" statements</title><style>").append(STYLE).append("</style></head><body><main>\n");
      sb.append("<h1>Stance classifier evaluation</h1>\n<p class=\"muted\">")
          .append(esc(dataDescription)).append(". Report written ").append(createdAt)
          .append(" by stance4j ").append(esc(StanceTrainer.LIBRARY_VERSION)).append(".</p>\n");
      headline();
      crossValidationSection();
      perLabel();
      confusion();
      calibration();
      misclassifiedSection();
      provenance();
      sb.append("</main></body></html>\n");
      return sb.toString();
    }

    private void card(String title, String value, String sub, String id) {
      sb.append("<div class=\"card\"><div class=\"muted\">").append(title).append("</div><div class=\"v\" data-figure=\"")
          .append(id).append("\">").append(value).append("</div><div class=\"muted\">").append(sub).append("</div></div>\n");
    }

    private void headline() {
      sb.append("<h2>Summary</h2><div class=\"cards\">\n");
      card("Accuracy", f4(accuracy.estimate()), "95% CI " + f4(accuracy.lower()) + " to " + f4(accuracy.upper()), "accuracy");
      card("Macro-F1", f4(macroF1.estimate()), "95% CI " + f4(macroF1.lower()) + " to " + f4(macroF1.upper()), "macro_f1");
      OptionalDouble ece = evaluation.expectedCalibrationError();
      card("Statements", Long.toString(evaluation.n()), (evaluation.n() - correctCount()) + " misclassified", "n");
      if (ece.isPresent()) {
        card("Calibration error (ECE)", f4(ece.getAsDouble()), Evaluation.CALIBRATION_BINS + " bins; 0 is perfect", "ece");
      }
      sb.append("</div>\n<p class=\"muted\">Intervals: percentile bootstrap over ").append(BOOTSTRAP_RESAMPLES)
          .append(" resamples of the statements (seed ").append(BOOTSTRAP_SEED)
          .append("). Macro-F1 is the unweighted mean of the per-label F1 over ").append(labels.size())
          .append(" labels.</p>\n");
    }

    private long correctCount() {
      long[][] m = evaluation.confusionMatrix();
      long ok = 0;
      for (int i = 0; i < m.length; i++) {
        ok += m[i][i];
      }
      return ok;
    }

    private long goldCount(int i) {
      return Arrays.stream(evaluation.confusionMatrix()[i]).sum();
    }

    private void perLabel() {
      sb.append("<h2>Per label</h2>\n<div class=\"grid\"><figure style=\"max-width:32rem\">");
      // Bars: one group per label, three bars (precision, recall, F1).
      int rowH = 20;
      int groupH = 3 * rowH + 14;
      int w = 420;
      int left = 100;
      int h = labels.size() * groupH + 24;
      svgOpen(w, h, "Precision, recall and F1 per label");
      int axisY = labels.size() * groupH + 8;
      for (int t = 0; t <= 4; t++) {
        double x = left + (w - left - 112) * t / 4.0;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e6e9ed\"/>", x, x, axisY));
        text(x, axisY + 14, f1(t / 4.0 * 100).replace(".0", "") + "%", "middle", 12, "400");
      }
      String[] names = {"precision", "recall", "F1"};
      String[] shades = {"#9db8d9", "#5f8fc8", "#2f6db5"};
      for (int i = 0; i < labels.size(); i++) {
        StanceLabel l = labels.get(i);
        double[] v = {evaluation.precision(l), evaluation.recall(l), evaluation.f1(l)};
        int y0 = i * groupH + 4;
        text(left - 6, y0 + rowH + 14, esc(l.name()), "end", 14, "600");
        for (int j = 0; j < 3; j++) {
          int y = y0 + j * rowH;
          double bw = (w - left - 112) * v[j];
          sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
              left, y, bw, rowH - 4, shades[j]));
          text(left + bw + 4, y + rowH - 7, names[j] + " " + f3(v[j]), "start", 13, "400");
        }
      }
      sb.append("</svg><figcaption>Bars: precision, recall and F1 of each label.</figcaption></figure>\n");
      sb.append("<div class=\"scroll\"><table><thead><tr><th>label</th><th class=\"n\">precision</th><th class=\"n\">recall</th>")
          .append("<th class=\"n\">F1</th><th class=\"n\">gold</th></tr></thead><tbody>\n");
      for (int i = 0; i < labels.size(); i++) {
        StanceLabel l = labels.get(i);
        String n = esc(l.name());
        sb.append("<tr><td>").append(n).append("</td>")
            .append(cell("precision", n, f4(evaluation.precision(l))))
            .append(cell("recall", n, f4(evaluation.recall(l))))
            .append(cell("f1", n, f4(evaluation.f1(l))))
            .append(cell("gold", n, Long.toString(goldCount(i)))).append("</tr>\n");
      }
      sb.append("</tbody></table></div></div>\n");
    }

    private String cell(String metric, String label, String value) {
      return "<td class=\"n\" data-metric=\"" + metric + "\" data-label=\"" + label + "\">" + value + "</td>";
    }

    private void svgOpen(int w, int h, String title) {
      sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(w).append(' ').append(h)
          .append("\" role=\"img\" font-family=\"system-ui,sans-serif\"><title>").append(esc(title)).append("</title>");
    }

    private void text(double x, double y, String s, String anchor, int size, String weight) {
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\" fill=\"#1d232a\">%s</text>",
          x, y, anchor, size, weight, s));
    }

    private void confusion() {
      long[][] m = evaluation.confusionMatrix();
      int k = labels.size();
      int cellSize = 72;
      int left = 110;
      int top = 56;
      int w = left + k * cellSize + 8;
      int h = top + k * cellSize + 8;
      sb.append("<h2>Confusion matrix</h2>\n<div class=\"grid\"><figure style=\"max-width:").append(Math.max(22, k * 6 + 8))
          .append("rem\">");
      svgOpen(w, h, "Confusion matrix: rows gold, columns predicted");
      text(left + k * cellSize / 2.0, 14, "predicted", "middle", 13, "600");
      for (int j = 0; j < k; j++) {
        text(left + j * cellSize + cellSize / 2.0, top - 10, esc(labels.get(j).name()), "middle", 12, "400");
      }
      for (int i = 0; i < k; i++) {
        long row = Arrays.stream(m[i]).sum();
        text(left - 8, top + i * cellSize + cellSize / 2.0 + 4, esc(labels.get(i).name()), "end", 12, "400");
        for (int j = 0; j < k; j++) {
          double share = row == 0 ? 0 : (double) m[i][j] / row;
          String fill = i == j ? String.format(Locale.ROOT, "rgba(47,109,181,%.3f)", 0.08 + 0.92 * share)
              : String.format(Locale.ROOT, "rgba(217,115,28,%.3f)", share == 0 ? 0.03 : 0.12 + 0.88 * share);
          sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"2\"/>",
              left + j * cellSize, top + i * cellSize, cellSize, cellSize, fill));
          String colour = share > 0.55 ? "#fff" : "#1d232a";
          sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"600\" fill=\"%s\" data-gold=\"%s\" data-pred=\"%s\">%d</text>",
              left + j * cellSize + cellSize / 2.0, top + i * cellSize + cellSize / 2.0 + 2, colour,
              esc(labels.get(i).name()), esc(labels.get(j).name()), m[i][j]));
          sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" fill=\"%s\">%s%%</text>",
              left + j * cellSize + cellSize / 2.0, top + i * cellSize + cellSize / 2.0 + 18, colour, f1(100 * share)));
        }
      }
      sb.append("</svg><figcaption>Rows: gold label; columns: predicted label. Each cell gives the count and its share of the row "
          + "(the diagonal is each label's recall). Colour strength follows the share.</figcaption></figure></div>\n");
    }

    private void calibration() {
      if (!evaluation.hasConfidences()) {
        return;
      }
      sb.append("<h2>Confidence</h2>\n<div class=\"grid\"><figure>");
      int w = 360;
      int h = 330;
      int l = 46;
      int t = 14;
      int pw = w - l - 14;
      int ph = h - t - 46;
      svgOpen(w, h, "Reliability diagram");
      axes(l, t, pw, ph, "mean confidence", "accuracy");
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#7a8591\" stroke-dasharray=\"4 4\"/>",
          l, t + ph, l + pw, t));
      long max = 1;
      for (Evaluation.Bin b : evaluation.reliability()) {
        max = Math.max(max, b.count());
      }
      for (Evaluation.Bin b : evaluation.reliability()) {
        double x0 = l + pw * b.lower();
        double bw = pw * (b.upper() - b.lower());
        if (b.count() == 0) {
          continue;
        }
        double y = t + ph * (1 - b.accuracy());
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"rgba(47,109,181,%.2f)\"/>",
            x0 + 1, y, bw - 2, t + ph - y, 0.25 + 0.6 * b.count() / max));
        double cx = l + pw * b.meanConfidence();
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#d9731c\"/>", cx, y));
        text(x0 + bw / 2, Math.max(t + 10, y - 5), Long.toString(b.count()), "middle", 10, "400");
      }
      sb.append("</svg><figcaption>Reliability: each bar is a confidence bin (width 0.1); its height is the share of its "
          + "predictions that were right, the number above it how many predictions it holds, and the dot sits at their mean "
          + "confidence. Bars under the dashed diagonal are over-confident.</figcaption></figure>\n");

      sb.append("<figure>");
      svgOpen(w, h, "Precision-coverage curve");
      double minAcc = 1;
      for (int i = 0; i <= 100; i++) {
        Evaluation.ThresholdResult r = evaluation.atThreshold(i / 100.0);
        if (r.kept() > 0) {
          minAcc = Math.min(minAcc, r.accuracy());
        }
      }
      // The accuracy axis starts at the tenth below the lowest point, so the curve is not flattened.
      double yLo = Math.max(0, Math.min(0.9, Math.floor(minAcc * 10 - 0.5) / 10));
      axes(l, t, pw, ph, "coverage (share of statements kept)", "accuracy of those kept", yLo);
      StringBuilder path = new StringBuilder();
      for (int i = 0; i <= 100; i++) {
        Evaluation.ThresholdResult r = evaluation.atThreshold(i / 100.0);
        if (r.kept() == 0) {
          break;
        }
        path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
            l + pw * r.coverage(), t + ph * (1 - (r.accuracy() - yLo) / (1 - yLo))));
      }
      sb.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#2f6db5\" stroke-width=\"2\"/>");
      for (double th : new double[] {0.5, 0.7, 0.9}) {
        Evaluation.ThresholdResult r = evaluation.atThreshold(th);
        if (r.kept() == 0) {
          continue;
        }
        double x = l + pw * r.coverage();
        double y = t + ph * (1 - (r.accuracy() - yLo) / (1 - yLo));
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#d9731c\"/>", x, y));
        text(x - 6, y + 16, "≥" + th, "end", 11, "400");
      }
      sb.append("</svg><figcaption>Precision-coverage: predictions below a confidence threshold are set aside as “not sure”. "
          + "The curve runs over thresholds 0 to 1 in steps of 0.01; dots mark thresholds 0.5, 0.7 and 0.9. "
          + "The accuracy axis does not start at 0.</figcaption></figure></div>\n");

      sb.append("<div class=\"scroll\"><table><thead><tr><th class=\"n\">threshold</th><th class=\"n\">kept</th>")
          .append("<th class=\"n\">coverage</th><th class=\"n\">accuracy</th></tr></thead><tbody>\n");
      for (double th : TABLE_THRESHOLDS) {
        Evaluation.ThresholdResult r = evaluation.atThreshold(th);
        String key = String.valueOf(th);
        sb.append("<tr><td class=\"n\">").append(th).append("</td>")
            .append(cell("kept", key, Long.toString(r.kept())))
            .append(cell("coverage", key, f4(r.coverage())))
            .append(cell("threshold_accuracy", key, f4(r.accuracy()))).append("</tr>\n");
      }
      sb.append("</tbody></table></div>\n<details><summary>Reliability table</summary><div class=\"scroll\"><table><thead><tr>")
          .append("<th>confidence</th><th class=\"n\">n</th><th class=\"n\">mean confidence</th><th class=\"n\">accuracy</th></tr></thead><tbody>\n");
      for (Evaluation.Bin b : evaluation.reliability()) {
        String key = f1(b.lower());
        sb.append("<tr><td>").append(f1(b.lower())).append("–").append(f1(b.upper())).append("</td>")
            .append(cell("bin_n", key, Long.toString(b.count())))
            .append(cell("bin_confidence", key, f4(b.meanConfidence())))
            .append(cell("bin_accuracy", key, f4(b.accuracy()))).append("</tr>\n");
      }
      sb.append("</tbody></table></div></details>\n");
    }

    private void axes(int l, int t, int pw, int ph, String xLabel, String yLabel) {
      axes(l, t, pw, ph, xLabel, yLabel, 0);
    }

    /** Axes from 0 to 1 across and from {@code yLo} to 1 up. */
    private void axes(int l, int t, int pw, int ph, String xLabel, String yLabel, double yLo) {
      for (int i = 0; i <= 5; i++) {
        double v = i / 5.0;
        double x = l + pw * v;
        double y = t + ph * (1 - v);
        double yv = yLo + (1 - yLo) * v;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e6e9ed\"/>", l, y, l + pw, y));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e6e9ed\"/>", x, t, x, t + ph));
        text(x, t + ph + 15, f1(v), "middle", 11, "400");
        text(l - 5, y + 4, String.format(Locale.ROOT, yLo == 0 ? "%.1f" : "%.2f", yv), "end", 11, "400");
      }
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#7a8591\"/>", l, t, pw, ph));
      text(l + pw / 2.0, t + ph + 34, esc(xLabel), "middle", 12, "600");
      sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"600\" fill=\"#1d232a\" transform=\"rotate(-90 12 %.1f)\">%s</text>",
          t + ph / 2.0, t + ph / 2.0, esc(yLabel)));
    }

    private void misclassifiedSection() {
      sb.append("<h2>Most confident mistakes</h2>\n");
      if (misclassified.isEmpty()) {
        sb.append("<p>No statement was misclassified.</p>\n");
        return;
      }
      sb.append("<p class=\"muted legend\">The ").append(misclassified.size())
          .append(" misclassified statements with the highest confidence. Words are shaded by how much they raised the "
              + "probability of the <mark style=\"background:rgba(217,115,28,.55)\">wrong label</mark> the model chose, "
              + "or of the <mark style=\"background:rgba(47,109,181,.45)\">gold label</mark> (whichever is larger), measured "
              + "by leaving each word out; the three strongest words for each label are always marked, unless their change is below 0.0005. Hover a word for its numbers.</p>\n");
      for (Misclassified m : misclassified) {
        StanceExplanation e = m.explanation();
        StanceLabel pred = e.prediction().label();
        StanceLabel gold = m.example().label();
        sb.append("<div class=\"ex\"><div class=\"meta\">gold <b>").append(esc(gold.name())).append("</b> · predicted <b>")
            .append(esc(pred.name())).append("</b> (").append(f3(e.prediction().confidence())).append(") · target ")
            .append(esc(m.example().target())).append(" · <code>").append(esc(m.origin())).append("</code></div><div class=\"s\">");
        double max = 1e-9;
        for (StanceExplanation.Word w : e.words()) {
          max = Math.max(max, Math.max(Math.abs(w.contribution(pred)), Math.abs(w.contribution(gold))));
        }
        String s = e.statement();
        int at = 0;
        List<Integer> top = shown(e, pred);
        List<Integer> topGold = shown(e, gold);
        for (int wi = 0; wi < e.words().size(); wi++) {
          StanceExplanation.Word w = e.words().get(wi);
          sb.append(esc(s.substring(at, w.start())));
          double toPred = w.contribution(pred);
          double toGold = w.contribution(gold);
          String title = "+" + pred.name() + " " + String.format(Locale.ROOT, "%+.3f", toPred) + ", " + gold.name() + " "
              + String.format(Locale.ROOT, "%+.3f", toGold);
          double strength = Math.max(toPred, toGold) / max;
          boolean visible = Math.max(toPred, toGold) >= MIN_SHOWN;
          if (visible && (strength >= 0.05 || top.contains(wi) || topGold.contains(wi))) {
            String rgb = toPred >= toGold ? "217,115,28" : "47,109,181";
            sb.append(String.format(Locale.ROOT, "<mark style=\"background:rgba(%s,%.2f)\" title=\"%s\">", rgb, 0.12 + 0.6 * strength,
                esc(title))).append(esc(w.text())).append("</mark>");
          } else {
            sb.append(esc(w.text()));
          }
          at = w.end();
        }
        sb.append(esc(s.substring(at))).append("</div><div class=\"meta\" style=\"margin-top:.3rem\">");
        if (top.isEmpty() && topGold.isEmpty()) {
          sb.append("no single word changes either label's probability by 0.0005 or more");
        }
        if (!top.isEmpty()) {
          sb.append("for ").append(esc(pred.name())).append(": ");
          List<String> parts = new ArrayList<>();
          for (int i : top) {
            parts.add(esc(e.words().get(i).text()) + " " + String.format(Locale.ROOT, "%+.3f", e.contribution(i)));
          }
          sb.append(String.join(", ", parts));
        }
        if (!topGold.isEmpty()) {
          sb.append(top.isEmpty() ? "" : " · ").append("for ").append(esc(gold.name())).append(": ");
          List<String> parts = new ArrayList<>();
          for (int i : topGold) {
            parts.add(esc(e.words().get(i).text()) + " " + String.format(Locale.ROOT, "%+.3f", e.words().get(i).contribution(gold)));
          }
          sb.append(String.join(", ", parts));
        }
        sb.append("</div></div>\n");
      }
    }

    /** The (at most) three words with the largest contribution to {@code label}, if at least {@link #MIN_SHOWN}. */
    private List<Integer> shown(StanceExplanation e, StanceLabel label) {
      List<Integer> out = new ArrayList<>();
      for (int i : e.topWords(3, label)) {
        if (e.words().get(i).contribution(label) >= MIN_SHOWN) {
          out.add(i);
        }
      }
      return out;
    }

    private void crossValidationSection() {
      if (crossValidation == null) {
        return;
      }
      CrossValidationResult cv = crossValidation;
      Evaluation pooled = cv.pooled();
      Interval acc = bootstrap(pooled, false);
      Interval f1 = bootstrap(pooled, true);
      int k = cv.folds().size();
      double meanAcc = cv.folds().stream().mapToDouble(Evaluation::accuracy).average().orElse(0);
      double sdAcc = 0;
      for (Evaluation e : cv.folds()) {
        sdAcc += (e.accuracy() - meanAcc) * (e.accuracy() - meanAcc);
      }
      sdAcc = k < 2 ? 0 : Math.sqrt(sdAcc / (k - 1));
      sb.append("<h2>Cross-validation (").append(k).append(" folds)</h2>\n<p class=\"muted\">").append(k)
          .append(" models trained on the same data with this model's settings, each evaluated on the fold it did not see. "
              + "If this data was also the loaded model's training data, trust these figures rather than the summary above; "
              + "the rest of the page is about the loaded model.</p>\n<div class=\"cards\">\n");
      card("Pooled accuracy", f4(acc.estimate()), "95% CI " + f4(acc.lower()) + " to " + f4(acc.upper()), "cv_accuracy");
      card("Pooled macro-F1", f4(f1.estimate()), "95% CI " + f4(f1.lower()) + " to " + f4(f1.upper()), "cv_macro_f1");
      card("Fold macro-F1", f4(cv.meanMacroF1()) + " ± " + f4(cv.stdMacroF1()), "mean ± sd over folds", "cv_mean_macro_f1");
      card("Fold accuracy", f4(meanAcc) + " ± " + f4(sdAcc), "mean ± sd over folds", "cv_mean_accuracy");
      sb.append("</div>\n<div class=\"grid\"><figure style=\"max-width:32rem\">");
      int w = 400;
      int h = 96;
      int l = 84;
      svgOpen(w, h, "Macro-F1 and accuracy per fold");
      double lo = 1;
      double hi = 0;
      for (Evaluation e : cv.folds()) {
        lo = Math.min(lo, Math.min(e.macroF1(), e.accuracy()));
        hi = Math.max(hi, Math.max(e.macroF1(), e.accuracy()));
      }
      lo = Math.max(0, Math.floor(lo * 20 - 1) / 20);
      hi = Math.min(1, Math.ceil(hi * 20 + 1) / 20);
      double span = Math.max(0.05, hi - lo);
      int pw = w - l - 20;
      String[] rows = {"macro-F1", "accuracy"};
      for (int r = 0; r < 2; r++) {
        int y = 18 + r * 28;
        text(l - 8, y + 5, rows[r], "end", 14, "400");
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e6e9ed\"/>", l, y, l + pw, y));
        for (Evaluation e : cv.folds()) {
          double v = r == 0 ? e.macroF1() : e.accuracy();
          sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"%s\" fill-opacity=\"0.7\"/>",
              l + pw * (v - lo) / span, y, COLOURS[r]));
        }
      }
      for (int i = 0; i <= 4; i++) {
        double v = lo + span * i / 4;
        text(l + pw * i / 4.0, 88, f3(v), "middle", 13, "400");
      }
      sb.append("</svg><figcaption>Each dot is one fold.</figcaption></figure>\n<div class=\"scroll\"><table><thead><tr>")
          .append("<th class=\"n\">fold</th><th class=\"n\">n</th><th class=\"n\">accuracy</th><th class=\"n\">macro-F1</th></tr></thead><tbody>\n");
      for (int i = 0; i < k; i++) {
        Evaluation e = cv.folds().get(i);
        String key = Integer.toString(i + 1);
        sb.append("<tr><td class=\"n\">").append(i + 1).append("</td><td class=\"n\">").append(e.n()).append("</td>")
            .append(cell("fold_accuracy", key, f4(e.accuracy()))).append(cell("fold_macro_f1", key, f4(e.macroF1())))
            .append("</tr>\n");
      }
      sb.append("</tbody></table></div></div>\n<div class=\"scroll\"><table><thead><tr><th>label (pooled)</th>")
          .append("<th class=\"n\">precision</th><th class=\"n\">recall</th><th class=\"n\">F1</th></tr></thead><tbody>\n");
      for (StanceLabel lb : pooled.labels()) {
        String n = esc(lb.name());
        sb.append("<tr><td>").append(n).append("</td>").append(cell("cv_precision", n, f4(pooled.precision(lb))))
            .append(cell("cv_recall", n, f4(pooled.recall(lb)))).append(cell("cv_f1", n, f4(pooled.f1(lb)))).append("</tr>\n");
      }
      sb.append("</tbody></table></div>\n");
    }

    private void provenance() {
      sb.append("<h2>Model</h2>\n<table class=\"kv\"><tbody>\n");
      kv("tier", model.tier().name().toLowerCase(Locale.ROOT));
      kv("architecture", model.architecture());
      kv("trained", model.createdAt().toString());
      kv("written by", "stance4j " + model.libraryVersion() + ", model format " + model.formatVersion());
      kv("labels", labelsText(model.labels()));
      kv("targets", String.join("; ", model.targets()) + " (default: " + model.defaultTarget() + ")");
      kv("training data", model.trainingExamples() + " examples, " + model.trainingWarnings() + " warnings, SHA-256 "
          + model.trainingDataSha256());
      kv("parameters", model.parameterCount() + " weights, vocabulary " + model.vocabularySize());
      if (!model.encoder().isEmpty()) {
        kv("encoder", model.encoder().get("name") + ", SHA-256 " + model.encoder().get("sha256"));
      }
      for (Map.Entry<String, String> p : model.provenance().entrySet()) {
        kv(p.getKey(), p.getValue());
      }
      kv("evaluated on", dataDescription + ", SHA-256 " + dataSha256);
      sb.append("</tbody></table>\n");
      if (!model.trainingConfig().isEmpty()) {
        sb.append("<details><summary>Training settings</summary><table class=\"kv\"><tbody>\n");
        for (Map.Entry<String, String> p : model.trainingConfig().entrySet()) {
          kv(p.getKey(), p.getValue());
        }
        sb.append("</tbody></table></details>\n");
      }
      if (!model.metrics().isEmpty()) {
        sb.append("<details><summary>Metrics recorded at training time</summary><table class=\"kv\"><tbody>\n");
        for (Map.Entry<String, Object> p : model.metrics().entrySet()) {
          kv(p.getKey(), String.valueOf(p.getValue()));
        }
        sb.append("</tbody></table></details>\n");
      }
    }

    private String labelsText(List<StanceLabel> ls) {
      List<String> names = new ArrayList<>();
      for (StanceLabel l : ls) {
        names.add(l.name());
      }
      return String.join(", ", names);
    }

    private void kv(String k, String v) {
      sb.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>\n");
    }
  }
}
