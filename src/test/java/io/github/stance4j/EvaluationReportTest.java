package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {

  private static StanceClassifier fast;
  private static StanceDataset heldOut;
  private static EvaluationReport report;
  private static String html;

  @BeforeAll
  static void build() throws IOException {
    fast = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
    // The rows whose label the bundled model has, whatever its label set is.
    List<StanceExample> rows = new ArrayList<>();
    for (StanceExample e : StanceDataset.readCsv(Path.of("training-data/heldout")).examples()) {
      if (fast.labels().contains(e.label())) {
        rows.add(e);
      }
    }
    heldOut = StanceDataset.of(rows);
    report = EvaluationReport.of(fast, heldOut);
    html = report.toHtml();
  }

  @AfterAll
  static void close() {
    fast.close();
  }

  /** Text of the elements carrying {@code attr="value"} (and, if given, data-label). */
  private static String figure(String attrs) {
    Matcher m = Pattern.compile("<[a-z]+ [^>]*" + Pattern.quote(attrs) + "[^>]*>([^<]*)<").matcher(html);
    assertTrue(m.find(), "no element with " + attrs);
    String v = m.group(1);
    assertFalse(m.find(), "more than one element with " + attrs);
    return v;
  }

  private static String f4(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }

  /** Prints (does not assert) the cost of a report beyond the evaluation, on a warm JVM. */
  @Test
  void printsTheCostBeyondTheEvaluation(@TempDir Path dir) throws IOException {
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      Evaluation e = fast.evaluate(heldOut);
      long t1 = System.nanoTime();
      EvaluationReport r = EvaluationReport.of(fast, heldOut);
      long t2 = System.nanoTime();
      r.writeHtml(dir.resolve("r.html"));
      long t3 = System.nanoTime();
      assertEquals(e.toMap(), r.evaluation().toMap());
      System.out.printf(Locale.ROOT, "report of %d statements, round %d: evaluate %.0f ms; EvaluationReport.of %.0f ms "
              + "(evaluation and %d explanations); writeHtml %.0f ms; %d bytes; load %s%n", heldOut.size(), round + 1,
          (t1 - t0) / 1e6, (t2 - t1) / 1e6, r.misclassified().size(), (t3 - t2) / 1e6, Files.size(dir.resolve("r.html")),
          Files.readString(Path.of("/proc/loadavg")).strip());
    }
  }

  @Test
  void evaluationIsTheClassifiersOwn() {
    assertEquals(fast.evaluate(heldOut).toMap(), report.evaluation().toMap());
  }

  @Test
  void headlineFiguresMatchTheEvaluation() {
    Evaluation e = report.evaluation();
    assertEquals(f4(e.accuracy()), figure("data-figure=\"accuracy\""));
    assertEquals(f4(e.macroF1()), figure("data-figure=\"macro_f1\""));
    assertEquals(Long.toString(e.n()), figure("data-figure=\"n\""));
    assertEquals(f4(e.expectedCalibrationError().getAsDouble()), figure("data-figure=\"ece\""));
    assertTrue(html.contains("95% CI " + f4(report.accuracy().lower()) + " to " + f4(report.accuracy().upper())));
    assertTrue(html.contains("95% CI " + f4(report.macroF1().lower()) + " to " + f4(report.macroF1().upper())));
  }

  @Test
  void perLabelConfusionReliabilityAndCoverageMatchTheEvaluation() {
    Evaluation e = report.evaluation();
    long[][] m = e.confusionMatrix();
    for (int i = 0; i < e.labels().size(); i++) {
      String l = e.labels().get(i).name();
      StanceLabel label = e.labels().get(i);
      assertEquals(f4(e.precision(label)), figure("data-metric=\"precision\" data-label=\"" + l + "\""));
      assertEquals(f4(e.recall(label)), figure("data-metric=\"recall\" data-label=\"" + l + "\""));
      assertEquals(f4(e.f1(label)), figure("data-metric=\"f1\" data-label=\"" + l + "\""));
      for (int j = 0; j < m.length; j++) {
        assertEquals(Long.toString(m[i][j]),
            figure("data-gold=\"" + l + "\" data-pred=\"" + e.labels().get(j).name() + "\""));
      }
    }
    for (Evaluation.Bin b : e.reliability()) {
      String key = String.format(Locale.ROOT, "%.1f", b.lower());
      assertEquals(Long.toString(b.count()), figure("data-metric=\"bin_n\" data-label=\"" + key + "\""));
      assertEquals(f4(b.accuracy()), figure("data-metric=\"bin_accuracy\" data-label=\"" + key + "\""));
      assertEquals(f4(b.meanConfidence()), figure("data-metric=\"bin_confidence\" data-label=\"" + key + "\""));
    }
    for (double t : EvaluationReport.TABLE_THRESHOLDS) {
      Evaluation.ThresholdResult r = e.atThreshold(t);
      assertEquals(Long.toString(r.kept()), figure("data-metric=\"kept\" data-label=\"" + t + "\""));
      assertEquals(f4(r.coverage()), figure("data-metric=\"coverage\" data-label=\"" + t + "\""));
      assertEquals(f4(r.accuracy()), figure("data-metric=\"threshold_accuracy\" data-label=\"" + t + "\""));
    }
  }

  @Test
  void bootstrapIntervalsAreReproducibleAndAsWideAsTheBinomialOne() {
    Evaluation e = report.evaluation();
    EvaluationReport.Interval a = report.accuracy();
    assertEquals(a, EvaluationReport.bootstrap(e, false));
    assertEquals(report.macroF1(), EvaluationReport.bootstrap(e, true));
    assertEquals(e.accuracy(), a.estimate());
    assertTrue(a.lower() < a.estimate() && a.estimate() < a.upper(), a.toString());
    assertTrue(report.macroF1().lower() < e.macroF1() && e.macroF1() < report.macroF1().upper());
    // Accuracy is a binomial proportion: its 95% interval is about 2 * 1.96 * sqrt(p(1-p)/n) wide.
    double p = e.accuracy();
    double normalWidth = 2 * 1.96 * Math.sqrt(p * (1 - p) / e.n());
    double width = a.upper() - a.lower();
    assertTrue(Math.abs(width - normalWidth) < 0.15 * normalWidth, width + " vs " + normalWidth);
  }

  @Test
  void mistakesAreTheMostConfidentOnesWithTheirWords() {
    List<EvaluationReport.Misclassified> shown = report.misclassified();
    long wrong = report.evaluation().n() - Math.round(report.evaluation().accuracy() * report.evaluation().n());
    assertEquals(Math.min(EvaluationReport.MISCLASSIFIED_SHOWN, wrong), shown.size());
    double lowestShown = 1;
    for (EvaluationReport.Misclassified m : shown) {
      StanceExplanation x = m.explanation();
      assertFalse(x.prediction().label().equals(m.example().label()));
      assertTrue(x.prediction().confidence() <= lowestShown);
      lowestShown = x.prediction().confidence();
      assertTrue(html.contains(EvaluationReport.esc(m.origin())));
      for (int i : x.topWords(3)) {
        if (x.contribution(i) >= EvaluationReport.MIN_SHOWN) {
          assertTrue(html.contains(">" + EvaluationReport.esc(x.words().get(i).text()) + "</mark>"));
        }
      }
    }
    // No misclassified statement left out is more confident than the last one shown.
    Map<String, Double> confidence = new HashMap<>();
    for (int i = 0; i < heldOut.size(); i++) {
      StanceExample ex = heldOut.examples().get(i);
      StancePrediction p = fast.classify(ex.statement(), ex.target());
      if (!p.label().equals(ex.label())) {
        confidence.put(heldOut.origin(i), p.confidence());
      }
    }
    for (EvaluationReport.Misclassified m : shown) {
      confidence.remove(m.origin());
    }
    for (double c : confidence.values()) {
      assertTrue(c <= lowestShown, c + " > " + lowestShown);
    }
  }

  @Test
  void pageIsSelfContainedSmallAndEscaped(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("report.html");
    report.writeHtml(file);
    assertEquals(html.substring(0, 200), Files.readString(file, StandardCharsets.UTF_8).substring(0, 200));
    assertTrue(Files.size(file) < 1_000_000, Files.size(file) + " bytes");
    String lower = html.toLowerCase(Locale.ROOT);
    for (String fetch : List.of("<script", "src=", "href=", "@import", "url(", "<link", "<img", "<iframe")) {
      assertFalse(lower.contains(fetch), fetch);
    }
    assertTrue(html.contains(report.model().trainingDataSha256()));
    assertTrue(html.contains(heldOut.sha256()));
    assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;", EvaluationReport.esc("<b> & \"x\" '"));
  }

  @Test
  void crossValidationFiguresAndSpread() {
    // Three folds of made-up predictions over the model's labels, each fold differently good.
    List<StanceLabel> labels = fast.labels();
    List<Evaluation> folds = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      List<StanceLabel> gold = new ArrayList<>();
      List<StancePrediction> preds = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        gold.add(labels.get(i % labels.size()));
        int predicted = i % (4 + k) == 0 ? (i + 1) % labels.size() : i % labels.size();
        double[] p = new double[labels.size()];
        java.util.Arrays.fill(p, 0.2 / (labels.size() - 1));
        p[predicted] = 0.8;
        preds.add(new StancePrediction("t", labels, p));
      }
      folds.add(Evaluation.ofPredictions(labels, gold, preds));
    }
    CrossValidationResult cv = new CrossValidationResult(folds, Evaluation.pooled(folds));
    EvaluationReport r = report;
    assertTrue(r.crossValidation().isEmpty());
    EvaluationReport withCv = r.withCrossValidation(cv);
    assertEquals(cv, withCv.crossValidation().orElseThrow());
    html = withCv.toHtml();
    try {
      for (int k = 0; k < 3; k++) {
        assertEquals(f4(cv.folds().get(k).macroF1()), figure("data-metric=\"fold_macro_f1\" data-label=\"" + (k + 1) + "\""));
        assertEquals(f4(cv.folds().get(k).accuracy()), figure("data-metric=\"fold_accuracy\" data-label=\"" + (k + 1) + "\""));
      }
      assertEquals(f4(cv.meanMacroF1()) + " ± " + f4(cv.stdMacroF1()), figure("data-figure=\"cv_mean_macro_f1\""));
      assertEquals(f4(cv.pooled().macroF1()), figure("data-figure=\"cv_macro_f1\""));
      assertEquals(f4(cv.pooled().accuracy()), figure("data-figure=\"cv_accuracy\""));
      assertFalse(report.toHtml().contains("Cross-validation"));
    } finally {
      html = report.toHtml();
    }
    List<StanceLabel> two = List.of(StanceLabel.of("support"), StanceLabel.of("opposition"));
    Evaluation other = Evaluation.of(two, two, two);
    assertThrows(IllegalArgumentException.class,
        () -> report.withCrossValidation(new CrossValidationResult(List.of(other, other), other)));
  }

  @Test
  void nulls() {
    assertThrows(NullPointerException.class, () -> EvaluationReport.of(null, heldOut));
    assertThrows(NullPointerException.class, () -> EvaluationReport.of(fast, null));
    assertThrows(NullPointerException.class, () -> report.withCrossValidation(null));
    assertThrows(NullPointerException.class, () -> report.writeHtml(null));
  }
}
