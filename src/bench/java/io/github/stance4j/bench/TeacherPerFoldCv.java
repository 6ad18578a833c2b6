package io.github.stance4j.bench;

import io.github.stance4j.Evaluation;
import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceLabel;
import io.github.stance4j.StancePrediction;
import io.github.stance4j.StanceQuery;
import io.github.stance4j.StanceTrainer;
import io.github.stance4j.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import opennlp.tools.doccat.DocumentCategorizerME;

/**
 * Cross-validates the two bundled recipes together, with a teacher per fold: in each fold the
 * accurate recipe (the bundled accurate model's training config) is fine-tuned on the other folds,
 * then the fast recipe (the bundled fast model's config) is distilled from that fold's accurate
 * model on the same folds and the unlabelled statements, as the bundled fast model was from the
 * bundled accurate one. No model sees its test fold, the teacher included. The linear references
 * (TF-IDF + logistic regression with the given C, and OpenNLP doccat) are trained on the same folds,
 * which are {@link AccuracyReport}'s (stratified by target and label, seed 42), so every fold's
 * figures are paired. Each fold's models are also scored on the extra evaluation sets, which gives
 * the spread of each recipe over five trainings on slightly different data.
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE java -cp target/benchmarks.jar io.github.stance4j.bench.TeacherPerFoldCv \
 *     --train training-data --unlabelled training-data/unlabelled \
 *     --accurate src/main/resources/io/github/stance4j/stance4j-accurate.zip \
 *     --fast src/main/resources/io/github/stance4j/stance4j-default.zip \
 *     --eval training-data/heldout --eval training-data/articles --eval ../shared/realworld/dev.csv \
 *     --out cv-teacher-per-fold.tsv
 * </pre>
 *
 * <p>About 18 minutes per fold on the 2-core machine of the README. Benchmark scope only.
 */
public final class TeacherPerFoldCv {

  private TeacherPerFoldCv() {}

  public static void main(String[] args) throws Exception {
    Path train = null;
    Path unlabelled = null;
    Path accurate = null;
    Path fast = null;
    Path out = Path.of("cv-teacher-per-fold.tsv");
    List<Path> evals = new ArrayList<>();
    int k = 5;
    double c = 1000;
    double teacherWeight = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--train" -> train = Path.of(args[++i]);
        case "--unlabelled" -> unlabelled = Path.of(args[++i]);
        case "--accurate" -> accurate = Path.of(args[++i]);
        case "--fast" -> fast = Path.of(args[++i]);
        case "--eval" -> evals.add(Path.of(args[++i]));
        case "--out" -> out = Path.of(args[++i]);
        case "--folds" -> k = Integer.parseInt(args[++i]);
        case "--c" -> c = Double.parseDouble(args[++i]);
        case "--teacher-weight" -> teacherWeight = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (train == null || unlabelled == null || accurate == null || fast == null) {
      throw new IllegalArgumentException("usage: --train DIR --unlabelled DIR --accurate ZIP --fast ZIP"
          + " [--eval FILE_OR_DIR]... [--out TSV] [--folds K] [--c C] [--teacher-weight W]");
    }
    StanceDataset data = StanceDataset.readCsv(train);
    List<StanceQuery> queries = StanceQuery.readCsv(List.of(unlabelled));
    TrainingConfig accurateConfig = config(accurate);
    TrainingConfig fastConfig = config(fast);
    Map<String, StanceDataset> sets = new LinkedHashMap<>();
    for (Path p : evals) {
      if (Files.exists(p)) {
        sets.put(p.getFileName().toString(), StanceDataset.readCsv(p));
      } else {
        System.out.println("skipping missing evaluation set " + p);
      }
    }
    System.out.printf(Locale.ROOT, "%d rows, %d unlabelled, %d folds%naccurate: %s%nfast: %s%n", data.size(),
        queries.size(), k, accurateConfig, fastConfig);

    List<List<Integer>> parts = AccuracyReport.folds(data, k);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      w.println("fold\tsystem\tset\tn\tmacroF1\tnoneF1\tstanceMacroF1\tece\tseconds");
      for (int i = 0; i < k; i++) {
        StanceDataset[] split = AccuracyReport.split(data, parts, i);
        StanceDataset trSet = split[0];
        Map<String, StanceDataset> foldSets = new LinkedHashMap<>();
        foldSets.put("cv-fold", split[1]);
        foldSets.putAll(sets);

        long s = System.nanoTime();
        TfidfLogisticRegression lr = TfidfLogisticRegression.train(trSet, c);
        report(w, i, "tfidf-lr", lr::predict, foldSets, seconds(s));
        s = System.nanoTime();
        DocumentCategorizerME d = new DocumentCategorizerME(OpenNlpReference.train(trSet));
        List<StanceLabel> dl = new ArrayList<>();
        for (int x = 0; x < d.getNumberOfCategories(); x++) {
          dl.add(StanceLabel.of(d.getCategory(x)));
        }
        report(w, i, "doccat", (st, tg) -> new StancePrediction(tg, dl, d.categorize(OpenNlpReference.tokens(st, tg))),
            foldSets, seconds(s));

        s = System.nanoTime();
        try (StanceClassifier teacher = new StanceTrainer(accurateConfig).train(trSet)) {
          report(w, i, "accurate", teacher::classify, foldSets, seconds(s));
          s = System.nanoTime();
          try (StanceClassifier student = new StanceTrainer(fastConfig).withTeacher(teacher, queries, teacherWeight)
              .train(trSet)) {
            report(w, i, "fast", student::classify, foldSets, seconds(s));
          }
        }
      }
    }
    summarise(out);
  }

  private static TrainingConfig config(Path model) throws IOException {
    try (StanceClassifier m = StanceClassifier.load(model)) {
      return TrainingConfig.fromMap(m.info().trainingConfig());
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void report(PrintWriter w, int fold, String system, BiFunction<String, String, StancePrediction> f,
      Map<String, StanceDataset> sets, double seconds) {
    for (Map.Entry<String, StanceDataset> e : sets.entrySet()) {
      Evaluation ev = AccuracyReport.evaluate(f, e.getValue());
      Evaluation stance = AccuracyReport.evaluate(f, AccuracyReport.stanceRows(e.getValue()));
      String line = String.format(Locale.ROOT, "%d\t%s\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.0f", fold, system, e.getKey(),
          ev.n(), ev.macroF1(e.getValue().labels()), ev.f1(StanceLabel.NONE), stance.macroF1(AccuracyReport.STANCES),
          ev.expectedCalibrationError().orElse(Double.NaN), seconds);
      w.println(line);
      System.out.println(line);
    }
    w.flush();
  }

  /** Prints each system's mean ± sample standard deviation over the folds, per set. */
  static void summarise(Path tsv) throws IOException {
    Map<String, List<double[]>> rows = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(tsv);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      rows.computeIfAbsent(f[1] + " on " + f[2], x -> new ArrayList<>())
          .add(new double[] {Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
              Double.parseDouble(f[7])});
    }
    System.out.println("\nsystem on set: macro-F1 / none F1 / stance macro-F1 / ECE, mean ± sd over folds");
    for (Map.Entry<String, List<double[]>> e : rows.entrySet()) {
      StringBuilder sb = new StringBuilder(e.getKey()).append(':');
      for (int m = 0; m < 4; m++) {
        double[] x = new double[e.getValue().size()];
        for (int r = 0; r < x.length; r++) {
          x[r] = e.getValue().get(r)[m];
        }
        sb.append(String.format(Locale.ROOT, " %.3f ± %.3f", AccuracyReport.mean(x), AccuracyReport.sd(x)));
      }
      System.out.println(sb);
    }
  }
}
