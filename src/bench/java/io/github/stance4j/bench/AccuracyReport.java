package io.github.stance4j.bench;

import io.github.stance4j.CrossValidationResult;
import io.github.stance4j.Evaluation;
import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceExample;
import io.github.stance4j.StanceLabel;
import io.github.stance4j.StancePrediction;
import io.github.stance4j.StanceTrainer;
import io.github.stance4j.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import opennlp.tools.doccat.DocumentCategorizerME;

/**
 * One accuracy table, every row measured in the same run: the given stance4j model files beside
 * the linear references trained on the same data (TF-IDF + logistic regression with C chosen by
 * 5-fold cross-validation, and OpenNLP's maximum-entropy doccat). For each evaluation set it gives
 * four-label macro-F1, {@code none} F1, macro-F1 over the three stance labels on the stance rows (a
 * {@code none} prediction there counts as an error), accuracy and expected calibration error.
 *
 * <pre>
 * mvn -B -ntp -Pbench package -DskipTests
 * java -cp target/benchmarks.jar io.github.stance4j.bench.AccuracyReport \
 *     --train training-data --train training-data/news-labelled \
 *     --eval training-data/heldout --eval ../shared/realworld/dev.csv \
 *     --model fast=src/main/resources/io/github/stance4j/stance4j-default.zip [--cv 5]
 * </pre>
 *
 * <p>{@code --train} and {@code --eval} repeat; the training files are read in the order given, as
 * {@code train --data} reads them. {@code --cv K} adds K-fold cross-validation on the training data
 * for the references and for each model's own training config. Benchmark scope only.
 */
public final class AccuracyReport {

  static final List<StanceLabel> FOUR = List.of(StanceLabel.CONDITIONAL, StanceLabel.NONE,
      StanceLabel.OPPOSITION, StanceLabel.SUPPORT);
  static final List<StanceLabel> STANCES = List.of(StanceLabel.CONDITIONAL, StanceLabel.OPPOSITION,
      StanceLabel.SUPPORT);
  static final double[] C_GRID = {3, 10, 30, 100, 300, 1000};

  private AccuracyReport() {}

  public static void main(String[] args) throws Exception {
    List<Path> train = new ArrayList<>();
    List<Path> evals = new ArrayList<>();
    Map<String, Path> models = new LinkedHashMap<>();
    int cv = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--train" -> train.add(Path.of(args[++i]));
        case "--eval" -> evals.add(Path.of(args[++i]));
        case "--model" -> {
          String[] kv = args[++i].split("=", 2);
          models.put(kv[0], Path.of(kv[1]));
        }
        case "--cv" -> cv = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (train.isEmpty() || evals.isEmpty()) {
      throw new IllegalArgumentException("usage: --train FILE_OR_DIR... --eval FILE_OR_DIR... [--model NAME=ZIP...] [--cv K]");
    }
    StanceDataset trainSet = StanceDataset.readCsv(train);
    Map<String, StanceDataset> evalSets = new LinkedHashMap<>();
    for (Path p : evals) {
      if (Files.exists(p)) {
        evalSets.put(p.toString(), StanceDataset.readCsv(p));
      } else {
        System.out.println("skipping missing evaluation set " + p);
      }
    }
    System.out.printf(Locale.ROOT, "training data: %s, %d rows, labels %s%n", train, trainSet.size(), trainSet.labels());
    Map<String, BiFunction<String, String, StancePrediction>> systems = new LinkedHashMap<>();
    Map<String, String> cvFigures = new LinkedHashMap<>();
    Map<String, java.util.function.BiFunction<List<String>, String, List<StancePrediction>>> batches = new LinkedHashMap<>();
    Map<String, String> sizes = new LinkedHashMap<>();
    Map<String, String> setup = new LinkedHashMap<>();

    long t0 = System.nanoTime();
    double bestC = C_GRID[0];
    double bestF1 = -1;
    double bestSd = 0;
    for (double c : C_GRID) {
      double[] f = cvLinear(trainSet, Math.max(cv, 5), c);
      System.out.printf(Locale.ROOT, "TF-IDF + LR, C=%s: %d-fold CV macro-F1 %.4f ± %.4f%n", c, f.length, mean(f), sd(f));
      if (mean(f) > bestF1) {
        bestF1 = mean(f);
        bestSd = sd(f);
        bestC = c;
      }
    }
    long lt = System.nanoTime();
    TfidfLogisticRegression lr = TfidfLogisticRegression.train(trainSet, bestC);
    double lrSeconds = (System.nanoTime() - lt) / 1e9;
    String lrName = "TF-IDF 1-2-grams + LR (C=" + fmtC(bestC) + ", by CV)";
    systems.put(lrName, lr::predict);
    setup.put(lrName, String.format(Locale.ROOT, "trained in %.1f s (+ C by CV)", lrSeconds));
    cvFigures.put(lrName, String.format(Locale.ROOT, "%.3f ± %.3f", bestF1, bestSd));
    System.out.printf(Locale.ROOT, "linear reference trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    long dt = System.nanoTime();
    DocumentCategorizerME doccat = new DocumentCategorizerME(OpenNlpReference.train(trainSet));
    setup.put("OpenNLP doccat (bag of words + bigrams)", String.format(Locale.ROOT, "trained in %.1f s",
        (System.nanoTime() - dt) / 1e9));
    List<StanceLabel> doccatLabels = new ArrayList<>();
    for (int i = 0; i < doccat.getNumberOfCategories(); i++) {
      doccatLabels.add(StanceLabel.of(doccat.getCategory(i)));
    }
    systems.put("OpenNLP doccat (bag of words + bigrams)", (s, t) ->
        new StancePrediction(t, doccatLabels, doccat.categorize(OpenNlpReference.tokens(s, t))));
    if (cv > 0) {
      double[] f = cvDoccat(trainSet, cv);
      cvFigures.put("OpenNLP doccat (bag of words + bigrams)", String.format(Locale.ROOT, "%.3f ± %.3f", mean(f), sd(f)));
    }

    List<StanceClassifier> open = new ArrayList<>();
    for (Map.Entry<String, Path> m : models.entrySet()) {
      long loadStart = System.nanoTime();
      StanceClassifier c = StanceClassifier.load(m.getValue());
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      open.add(c);
      systems.put("stance4j " + m.getKey(), c::classify);
      batches.put("stance4j " + m.getKey(), c::classifyAll);
      sizes.put("stance4j " + m.getKey(), String.format(Locale.ROOT, "%.1f MB", Files.size(m.getValue()) / 1e6));
      setup.put("stance4j " + m.getKey(), String.format(Locale.ROOT, "loaded in %.1f s", loadSeconds));
      // -Densemble=A blends the reference into models that have no n-gram path of their own, as
      // the library's n-gram path does (A is the network's share), for comparing older models.
      if (System.getProperty("ensemble") != null
          && Double.parseDouble(c.info().trainingConfig().getOrDefault("ngramWeight", "0")) == 0) {
        double a = Double.parseDouble(System.getProperty("ensemble"));
        systems.put("stance4j " + m.getKey() + " x LR (" + a + ")", (st, tg) -> {
          StancePrediction x = c.classify(st, tg);
          StancePrediction y = lr.predict(st, tg);
          List<StanceLabel> ls = c.labels();
          double[] z = new double[ls.size()];
          double sum = 0;
          for (int j = 0; j < z.length; j++) {
            z[j] = Math.exp(a * Math.log(Math.max(1e-12, x.probability(ls.get(j))))
                + (1 - a) * Math.log(Math.max(1e-12, y.probability(ls.get(j)))));
            sum += z[j];
          }
          for (int j = 0; j < z.length; j++) {
            z[j] /= sum;
          }
          return new StancePrediction(tg, ls, z);
        });
      }
      if (cv > 0) {
        TrainingConfig cfg = TrainingConfig.fromMap(c.info().trainingConfig());
        long s = System.nanoTime();
        CrossValidationResult r = new StanceTrainer(cfg).crossValidate(trainSet, cv);
        cvFigures.put("stance4j " + m.getKey(), String.format(Locale.ROOT, "%.3f ± %.3f", r.meanMacroF1(), r.stdMacroF1()));
        System.out.printf(Locale.ROOT, "CV of %s took %.0f s%n", m.getKey(), (System.nanoTime() - s) / 1e9);
      }
    }

    StringBuilder table = new StringBuilder();
    table.append("| system |");
    if (cv > 0 || !cvFigures.isEmpty()) {
      table.append(" CV macro-F1 |");
    }
    for (String e : evalSets.keySet()) {
      String n = Path.of(e).getFileName().toString();
      table.append(" ").append(n).append(": 4-label macro-F1 | none F1 | stance macro-F1 | ECE |");
    }
    table.append("\n|---|");
    table.append("---:|".repeat((cv > 0 || !cvFigures.isEmpty() ? 1 : 0) + 4 * evalSets.size()));
    table.append('\n');
    for (Map.Entry<String, BiFunction<String, String, StancePrediction>> s : systems.entrySet()) {
      table.append("| ").append(s.getKey()).append(" |");
      if (cv > 0 || !cvFigures.isEmpty()) {
        table.append(" ").append(cvFigures.getOrDefault(s.getKey(), "")).append(" |");
      }
      for (Map.Entry<String, StanceDataset> e : evalSets.entrySet()) {
        Evaluation ev = evaluate(s.getValue(), e.getValue());
        Evaluation stance = evaluate(s.getValue(), stanceRows(e.getValue()));
        table.append(String.format(Locale.ROOT, " %.3f | %.3f | %.3f | %.3f |", ev.macroF1(e.getValue().labels()),
            ev.f1(StanceLabel.NONE), stance.macroF1(STANCES), ev.expectedCalibrationError().orElse(Double.NaN)));
        System.out.printf(Locale.ROOT, "%s on %s: n=%d accuracy %.4f, none rows %d, mean confidence on none rows %.3f%n",
            s.getKey(), e.getKey(), ev.n(), ev.accuracy(), e.getValue().size() - stanceRows(e.getValue()).size(),
            meanConfidenceOnNone(s.getValue(), e.getValue()));
      }
      table.append('\n');
    }
    System.out.println();
    System.out.print(table);
    System.out.println();
    System.out.println("Abstaining below a confidence threshold: coverage / accuracy of the rest");
    StringBuilder th = new StringBuilder("| system | set |");
    double[] thresholds = {0, 0.5, 0.6, 0.7, 0.8, 0.9};
    for (double t : thresholds) {
      th.append(String.format(Locale.ROOT, " >= %.1f |", t));
    }
    th.append("\n|---|---|").append("---:|".repeat(thresholds.length)).append('\n');
    for (Map.Entry<String, BiFunction<String, String, StancePrediction>> s : systems.entrySet()) {
      for (Map.Entry<String, StanceDataset> e : evalSets.entrySet()) {
        Evaluation ev = evaluate(s.getValue(), e.getValue());
        th.append("| ").append(s.getKey()).append(" | ").append(Path.of(e.getKey()).getFileName()).append(" |");
        for (double t : thresholds) {
          Evaluation.ThresholdResult r = ev.atThreshold(t);
          th.append(String.format(Locale.ROOT, " %.2f / %.3f |", r.coverage(), r.accuracy()));
        }
        th.append('\n');
      }
    }
    System.out.print(th);
    System.out.println();
    if (System.getProperty("noCost") == null) {
      System.out.print(costTable(systems, batches, sizes, setup, evalSets.values().iterator().next()));
    }
    for (StanceClassifier c : open) {
      c.close();
    }
  }

  /**
   * Cost of each system, measured here one system at a time: the median of single calls over the
   * first evaluation set's statements (after one warm-up pass), and statements per second when
   * 256 statements of one target are classified in one call (the references loop), for at least
   * three seconds after a warm-up call.
   */
  static String costTable(Map<String, BiFunction<String, String, StancePrediction>> systems,
      Map<String, BiFunction<List<String>, String, List<StancePrediction>>> batches, Map<String, String> sizes,
      Map<String, String> setup, StanceDataset data) {
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "Cost on this machine (%d cores, %s, Java %s)%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), System.getProperty("java.version")));
    t.append("| system | single call p50 ms | p90 ms | statements/s, batch 256 | model file | set-up |\n|---|---:|---:|---:|---:|---|\n");
    List<StanceExample> ex = data.examples();
    String target = ex.get(0).target();
    List<String> batch = new ArrayList<>();
    for (int i = 0; batch.size() < 256; i++) {
      StanceExample e = ex.get(i % ex.size());
      batch.add(e.statement());
    }
    for (Map.Entry<String, BiFunction<String, String, StancePrediction>> s : systems.entrySet()) {
      for (StanceExample e : ex) {
        s.getValue().apply(e.statement(), e.target());
      }
      double[] ms = new double[ex.size()];
      for (int i = 0; i < ms.length; i++) {
        long a = System.nanoTime();
        s.getValue().apply(ex.get(i).statement(), ex.get(i).target());
        ms[i] = (System.nanoTime() - a) / 1e6;
      }
      java.util.Arrays.sort(ms);
      BiFunction<List<String>, String, List<StancePrediction>> b = batches.getOrDefault(s.getKey(),
          (list, tg) -> list.stream().map(x -> s.getValue().apply(x, tg)).toList());
      b.apply(batch, target);
      long start = System.nanoTime();
      int done = 0;
      while (System.nanoTime() - start < 3_000_000_000L) {
        done += b.apply(batch, target).size();
      }
      double perSecond = done / ((System.nanoTime() - start) / 1e9);
      t.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.0f | %s | %s |%n", s.getKey(), ms[ms.length / 2],
          ms[(int) (ms.length * 0.9)], perSecond, sizes.getOrDefault(s.getKey(), "-"), setup.getOrDefault(s.getKey(), "-")));
    }
    return t.toString();
  }

  static String fmtC(double c) {
    return c == Math.rint(c) ? String.valueOf((long) c) : String.valueOf(c);
  }

  static Evaluation evaluate(BiFunction<String, String, StancePrediction> system, StanceDataset data) {
    List<StanceLabel> gold = new ArrayList<>();
    List<StancePrediction> pred = new ArrayList<>();
    for (StanceExample e : data.examples()) {
      gold.add(e.label());
      StancePrediction p = system.apply(e.statement(), e.target());
      // A three-label model never says none; its predictions are still valid over four labels.
      pred.add(p);
    }
    return Evaluation.ofPredictions(FOUR, gold, pred);
  }

  static double meanConfidenceOnNone(BiFunction<String, String, StancePrediction> system, StanceDataset data) {
    double s = 0;
    int n = 0;
    for (StanceExample e : data.examples()) {
      if (e.label().equals(StanceLabel.NONE)) {
        s += system.apply(e.statement(), e.target()).confidence();
        n++;
      }
    }
    return n == 0 ? 0 : s / n;
  }

  static StanceDataset stanceRows(StanceDataset data) {
    List<StanceExample> keep = new ArrayList<>();
    for (StanceExample e : data.examples()) {
      if (!e.label().equals(StanceLabel.NONE)) {
        keep.add(e);
      }
    }
    return StanceDataset.of(keep);
  }

  /** Stratified folds by target and label, seed 42. */
  static List<List<Integer>> folds(StanceDataset data, int k) {
    Map<String, List<Integer>> strata = new java.util.TreeMap<>();
    for (int i = 0; i < data.size(); i++) {
      StanceExample e = data.examples().get(i);
      strata.computeIfAbsent(e.target() + "\u0000" + e.label(), x -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      out.add(new ArrayList<>());
    }
    Random r = new Random(42);
    int next = 0;
    for (List<Integer> g : strata.values()) {
      Collections.shuffle(g, r);
      for (int i : g) {
        out.get(next).add(i);
        next = (next + 1) % k;
      }
    }
    return out;
  }

  static double[] cvLinear(StanceDataset data, int k, double c) {
    return cv(data, k, (tr, te) -> {
      TfidfLogisticRegression m = TfidfLogisticRegression.train(tr, c);
      return evaluate(m::predict, te).macroF1(te.labels());
    });
  }

  static double[] cvDoccat(StanceDataset data, int k) {
    return cv(data, k, (tr, te) -> {
      DocumentCategorizerME d = new DocumentCategorizerME(OpenNlpReference.train(tr));
      List<StanceLabel> ls = new ArrayList<>();
      for (int i = 0; i < d.getNumberOfCategories(); i++) {
        ls.add(StanceLabel.of(d.getCategory(i)));
      }
      return evaluate((s, t) -> new StancePrediction(t, ls, d.categorize(OpenNlpReference.tokens(s, t))), te)
          .macroF1(te.labels());
    });
  }

  private static double[] cv(StanceDataset data, int k, BiFunction<StanceDataset, StanceDataset, Double> fold) {
    List<List<Integer>> parts = folds(data, k);
    double[] f = new double[k];
    for (int i = 0; i < k; i++) {
      StanceDataset[] s = split(data, parts, i);
      f[i] = fold.apply(s[0], s[1]);
    }
    return f;
  }

  /** Fold {@code i} of {@code parts} ({@link #folds}): the other folds' rows, then its own. */
  static StanceDataset[] split(StanceDataset data, List<List<Integer>> parts, int i) {
    List<StanceExample> tr = new ArrayList<>();
    List<StanceExample> te = new ArrayList<>();
    for (int j = 0; j < parts.size(); j++) {
      for (int x : parts.get(j)) {
        (j == i ? te : tr).add(data.examples().get(x));
      }
    }
    return new StanceDataset[] {StanceDataset.of(tr), StanceDataset.of(te)};
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  static double sd(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / Math.max(1, x.length - 1));
  }
}
