package io.github.stance4j.cli;

import com.google.gson.GsonBuilder;
import io.github.stance4j.CrossValidationResult;
import io.github.stance4j.Evaluation;
import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceDataException;
import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceTrainer;
import io.github.stance4j.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    header = "Measure a model on labelled CSV data, or cross-validate its training settings.",
    description = {"Without --folds, the model classifies every row toward the row's target and is scored "
        + "against the row's label. With --folds K, K models are trained with the model's training "
        + "config (or the overrides) and each is scored on its held-out fold. The last line printed is "
        + "one JSON object with accuracy, macro_f1, n, per-label figures and the confusion matrix."})
final class EvaluateCommand implements Callable<Integer> {

  @CommandLine.Mixin
  Models models;

  @Option(names = "--data", paramLabel = "FILE", arity = "1..*", required = true, description = "Labelled CSV files or directories.")
  List<Path> data;

  @Option(names = "--folds", paramLabel = "K", description = "Cross-validate: train K models with the model's training config.")
  Integer folds;

  @Option(names = "--architecture", description = "With --folds: override the architecture (CNN, BILSTM or MINILM; another tier starts from that tier's defaults).")
  TrainingConfig.Architecture architecture;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "With --folds: override a training setting, e.g. --set wordDropout=0.1 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--skip-unknown-labels",
      description = "Drop rows whose label or target the model does not have (for example 'none') instead of failing; they are counted. Dropping every row is an error.")
  boolean skipUnknown;

  @Option(names = "--report", paramLabel = "FILE.html",
      description = {"Also write a self-contained HTML report: figures with bootstrap intervals, charts and the most "
          + "confident mistakes explained. With --folds it also evaluates the loaded model on the data and adds the "
          + "cross-validated figures and their spread."})
  Path report;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private static boolean knows(StanceClassifier c, String target) {
    try {
      c.resolveTarget(target);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    StanceDataset ds = StanceDataset.readCsv(data);
    Map<String, Object> json = new LinkedHashMap<>();
    try (StanceClassifier c = models.load()) {
      int skipped = 0;
      if (skipUnknown) {
        StanceDataset all = ds;
        ds = ds.filter(e -> c.labels().contains(e.label()) && (folds != null || knows(c, e.target())));
        skipped = all.size() - ds.size();
        if (ds.size() == 0) {
          throw new StanceDataException(null, 0, "all " + ClassifyCommand.count(skipped, "row")
              + " were skipped (a label or target the model does not have); nothing to evaluate");
        }
        out.printf("skipped %s with a label or target the model does not have%n", ClassifyCommand.count(skipped, "row"));
      }
      Evaluation e;
      CrossValidationResult cv = null;
      if (folds != null) {
        Map<String, String> settings = new LinkedHashMap<>(c.info().trainingConfig());
        settings.keySet().retainAll(TrainingConfig.defaults().toMap().keySet());
        if (architecture != null && !architecture.name().equals(c.info().architecture())) {
          // Another architecture: start from its defaults, not from this model's settings.
          settings = new LinkedHashMap<>(TrainingConfig.defaults(architecture).toMap());
        }
        settings.putAll(overrides);
        TrainingConfig cfg = TrainingConfig.fromMap(settings);
        if (architecture != null) {
          cfg = cfg.withArchitecture(architecture);
        }
        out.printf("%d-fold cross-validation of %s on %d examples%n", folds, cfg.architecture(), ds.size());
        cv = new StanceTrainer(cfg).crossValidate(ds, folds);
        for (int k = 0; k < cv.folds().size(); k++) {
          out.printf(Locale.ROOT, "fold %d: macro-F1 %.4f  accuracy %.4f  n=%d%n", k + 1,
              cv.folds().get(k).macroF1(), cv.folds().get(k).accuracy(), cv.folds().get(k).n());
        }
        out.printf(Locale.ROOT, "mean macro-F1 %.4f (sd %.4f)%n", cv.meanMacroF1(), cv.stdMacroF1());
        e = cv.pooled();
        json.putAll(e.toMap());
        json.put("folds", folds);
        json.put("mean_fold_macro_f1", Math.round(cv.meanMacroF1() * 10000) / 10000.0);
        json.put("sd_fold_macro_f1", Math.round(cv.stdMacroF1() * 10000) / 10000.0);
        json.put("config", cfg.toMap());
      } else if (report != null) {
        // The report classifies the data itself; its evaluation is the one printed.
        e = ReportOutput.write(c, ds, null, report, spec.commandLine().getErr()).evaluation();
        json.putAll(e.toMap());
      } else {
        e = c.evaluate(ds);
        json.putAll(e.toMap());
      }
      out.print(e);
      if (report != null && cv != null) {
        ReportOutput.write(c, ds, cv, report, spec.commandLine().getErr());
      }
      if (skipUnknown) {
        json.put("skipped", skipped);
      }
    }
    out.println(new GsonBuilder().disableHtmlEscaping().create().toJson(json));
    out.flush();
    return 0;
  }
}
