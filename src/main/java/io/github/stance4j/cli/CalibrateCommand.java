package io.github.stance4j.cli;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "calibrate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    header = "Recalibrate a model's confidence on your own labelled statements.",
    description = {"Fits the model's temperature again on labelled CSV data like the text it "
        + "will classify (and did not train on), and writes the recalibrated model. "
        + "Labels do not change; confidences do. The figures printed (negative "
        + "log-likelihood and ECE before and after) are measured on the same data: "
        + "check the result on other data with evaluate."})
final class CalibrateCommand implements Callable<Integer> {

  @CommandLine.Mixin
  Models models;

  @Option(names = "--data", paramLabel = "FILE", arity = "1..*", required = true,
      description = "Labelled CSV files or directories, at least " + StanceClassifier.MIN_RECALIBRATION_EXAMPLES + " rows.")
  List<Path> data;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the recalibrated model.")
  Path outFile;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StanceDataset ds = StanceDataset.readCsv(data);
    try (StanceClassifier c = models.load(); StanceClassifier r = c.recalibrated(ds)) {
      r.save(outFile);
      Map<?, ?> fit = (Map<?, ?>) r.info().metrics().get("recalibration");
      PrintWriter out = spec.commandLine().getOut();
      out.printf(java.util.Locale.ROOT, "model:        %s%n", models.describe());
      out.printf(java.util.Locale.ROOT, "fitted on:    %d statements%n", ((Number) fit.get("examples")).intValue());
      out.printf(java.util.Locale.ROOT, "temperature:  %.4f -> %.4f%n", num(fit, "previousTemperature"), num(fit, "temperature"));
      out.printf(java.util.Locale.ROOT, "NLL:          %.4f -> %.4f (on the data fitted)%n", num(fit, "nllBefore"), num(fit, "nllAfter"));
      out.printf(java.util.Locale.ROOT, "ECE:          %.4f -> %.4f (on the data fitted)%n", num(fit, "eceBefore"), num(fit, "eceAfter"));
      out.printf(java.util.Locale.ROOT, "written:      %s%n", outFile);
      out.flush();
    }
    return 0;
  }

  private static double num(Map<?, ?> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }
}
