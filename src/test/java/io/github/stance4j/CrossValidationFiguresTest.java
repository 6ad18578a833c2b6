package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's 5-fold cross-validation figures on {@code training-data/} (stratified, seed 42),
 * recomputed: the fast tier's default CNN (0.7656 ± 0.0210, "Tiers") and the accurate tier
 * (0.7173 ± 0.0195, "Tiers"), four labels. Training is deterministic, so the figures reproduce
 * exactly; the tests allow {@value #TOLERANCE} on the mean and on the standard deviation, so that
 * a change that moves them fails until the README is updated. The other rows of the README's
 * design table (wider CNN, word dropout, BiLSTM) are one-off measurements and not recomputed.
 *
 * <p>The CNN's folds are trained two at a time (training runs on one core each; the trainer is
 * thread-safe and its random numbers are per thread), the same folds and the same training as
 * {@link StanceTrainer#crossValidate}; {@code StanceTrainerTest} checks that crossValidate tests
 * exactly the folds of {@code stratifiedFolds}. On the 0.2.0 corpus the CNN's run took 15 minutes on
 * the 2-core machine while other jobs loaded it, too long for the default build, so it runs only
 * with {@code -Dstance4j.slowTests=true}; the accurate tier's (about 2.5 minutes there, the encoder
 * pass shared by the folds) always runs.
 */
@Tag("slow")
class CrossValidationFiguresTest {

  static final double TOLERANCE = 0.005;

  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "stance4j.slowTests", matches = "true",
      disabledReason = "15 minutes of training; run with -Dstance4j.slowTests=true")
  void fastTierCnn() throws Exception {
    StanceDataset data = StanceDataset.readCsv(Path.of("training-data"));
    TrainingConfig config = TrainingConfig.defaults();
    List<List<Integer>> folds = StanceTrainer.stratifiedFolds(data, 5, config.seed());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Evaluation> results = new ArrayList<>();
    try {
      List<Future<Evaluation>> fs = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        List<Integer> train = new ArrayList<>();
        for (int j = 0; j < 5; j++) {
          if (j != k) {
            train.addAll(folds.get(j));
          }
        }
        StanceDataset trainSet = data.subset(train);
        StanceDataset testSet = data.subset(folds.get(k));
        fs.add(pool.submit(() -> {
          try (StanceClassifier c = new StanceTrainer(config).train(trainSet)) {
            return c.evaluate(testSet);
          }
        }));
      }
      for (Future<Evaluation> f : fs) {
        results.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertFigures(new CrossValidationResult(results, Evaluation.pooled(results)), 0.7656, 0.0210);
  }

  @Test
  void accurateTier() throws IOException {
    StanceDataset data = StanceDataset.readCsv(Path.of("training-data"));
    CrossValidationResult cv = new StanceTrainer(TrainingConfig.defaults(TrainingConfig.Architecture.MINILM)).crossValidate(data, 5);
    assertFigures(cv, 0.7173, 0.0195);
  }

  static void assertFigures(CrossValidationResult cv, double mean, double sd) {
    System.out.printf("5-fold CV macro-F1 %.4f ± %.4f (README: %.4f ± %.4f)%n", cv.meanMacroF1(), cv.stdMacroF1(), mean, sd);
    assertEquals(3582, cv.pooled().n());
    assertEquals(mean, cv.meanMacroF1(), TOLERANCE, "mean over folds");
    assertEquals(sd, cv.stdMacroF1(), TOLERANCE, "standard deviation over folds");
  }
}
