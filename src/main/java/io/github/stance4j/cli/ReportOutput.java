package io.github.stance4j.cli;

import io.github.stance4j.CrossValidationResult;
import io.github.stance4j.EvaluationReport;
import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code evaluate --report}: builds and writes the HTML report, and says where and how long it took. */
final class ReportOutput {

  private ReportOutput() {}

  /** Builds the report (classifying and explaining), writes it and prints where, its size and the time. */
  static EvaluationReport write(StanceClassifier c, StanceDataset data, CrossValidationResult cv, Path file, PrintWriter err)
      throws IOException {
    long t0 = System.nanoTime();
    EvaluationReport r = EvaluationReport.of(c, data);
    if (cv != null) {
      r = r.withCrossValidation(cv);
    }
    long t1 = System.nanoTime();
    r.writeHtml(file);
    long t2 = System.nanoTime();
    err.printf(Locale.ROOT, "wrote %s (%d bytes): classified and explained in %.2f s, HTML written in %.2f s%n", file,
        Files.size(file), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    err.flush();
    return r;
  }
}
