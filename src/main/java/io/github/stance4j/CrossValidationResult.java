package io.github.stance4j;

import java.util.List;

/**
 * The result of k-fold cross-validation: one evaluation per held-out fold and the pooled counts.
 *
 * @param folds evaluation of each fold's model on that fold, in fold order
 * @param pooled all folds' predictions counted together
 */
public record CrossValidationResult(List<Evaluation> folds, Evaluation pooled) {

  /** Creates the result; the list is copied. */
  public CrossValidationResult {
    folds = List.copyOf(folds);
  }

  /** Mean of the folds' macro-F1. */
  public double meanMacroF1() {
    return folds.stream().mapToDouble(Evaluation::macroF1).average().orElse(0);
  }

  /** Sample standard deviation of the folds' macro-F1 (0 for one fold). */
  public double stdMacroF1() {
    if (folds.size() < 2) {
      return 0;
    }
    double mean = meanMacroF1();
    double s = 0;
    for (Evaluation e : folds) {
      s += (e.macroF1() - mean) * (e.macroF1() - mean);
    }
    return Math.sqrt(s / (folds.size() - 1));
  }
}
