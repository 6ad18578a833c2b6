package io.github.stance4j;

import static io.github.stance4j.StanceLabel.CONDITIONAL;
import static io.github.stance4j.StanceLabel.OPPOSITION;
import static io.github.stance4j.StanceLabel.SUPPORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  private static final List<StanceLabel> L = List.of(SUPPORT, OPPOSITION, CONDITIONAL);

  @Test
  void computesHandCheckedMetrics() {
    // gold:      S S S O O C
    // predicted: S S O O C C
    Evaluation e = Evaluation.of(L,
        List.of(SUPPORT, SUPPORT, SUPPORT, OPPOSITION, OPPOSITION, CONDITIONAL),
        List.of(SUPPORT, SUPPORT, OPPOSITION, OPPOSITION, CONDITIONAL, CONDITIONAL));
    assertEquals(6, e.n());
    assertEquals(4.0 / 6, e.accuracy(), 1e-12);
    assertEquals(1.0, e.precision(SUPPORT), 1e-12);
    assertEquals(2.0 / 3, e.recall(SUPPORT), 1e-12);
    assertEquals(0.8, e.f1(SUPPORT), 1e-12);
    assertEquals(0.5, e.f1(OPPOSITION), 1e-12);
    assertEquals(2.0 / 3, e.f1(CONDITIONAL), 1e-12);
    assertEquals((0.8 + 0.5 + 2.0 / 3) / 3, e.macroF1(), 1e-12);
    assertArrayEquals(new long[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}}, e.confusionMatrix());
    assertEquals(1, e.count(OPPOSITION, CONDITIONAL));
    Evaluation twice = Evaluation.pooled(List.of(e, e));
    assertEquals(12, twice.n());
    assertEquals(e.macroF1(), twice.macroF1(), 1e-12);
  }

  @Test
  void labelWithoutPredictionsHasZeroScores() {
    Evaluation e = Evaluation.of(L, List.of(SUPPORT, OPPOSITION), List.of(SUPPORT, SUPPORT));
    assertEquals(0, e.precision(OPPOSITION));
    assertEquals(0, e.f1(CONDITIONAL));
    assertThrows(IllegalArgumentException.class, () -> Evaluation.of(L, List.of(SUPPORT), List.of()));
    assertThrows(IllegalArgumentException.class, () -> Evaluation.of(L, List.of(StanceLabel.of("none")), List.of(SUPPORT)));
  }

  private static StancePrediction pred(StanceLabel winner, double confidence) {
    List<StanceLabel> four = List.of(SUPPORT, OPPOSITION, CONDITIONAL, StanceLabel.NONE);
    double[] p = new double[4];
    double rest = (1 - confidence) / 3;
    for (int i = 0; i < 4; i++) {
      p[i] = four.get(i).equals(winner) ? confidence : rest;
    }
    return new StancePrediction("t", four, p);
  }

  @Test
  void calibrationFiguresAreHandChecked() {
    List<StanceLabel> four = List.of(SUPPORT, OPPOSITION, CONDITIONAL, StanceLabel.NONE);
    // confidences 0.95 (right), 0.92 (wrong), 0.65 (right), 0.61 (right), 0.35 (wrong)
    Evaluation e = Evaluation.ofPredictions(four,
        List.of(SUPPORT, SUPPORT, OPPOSITION, StanceLabel.NONE, CONDITIONAL),
        List.of(pred(SUPPORT, 0.95), pred(OPPOSITION, 0.92), pred(OPPOSITION, 0.65),
            pred(StanceLabel.NONE, 0.61), pred(SUPPORT, 0.35)));
    assertTrue(e.hasConfidences());
    // bins: [0.9,1.0): 2 preds, mean conf 0.935, acc 0.5; [0.6,0.7): 2, 0.63, 1.0; [0.3,0.4): 1, 0.35, 0
    List<Evaluation.Bin> bins = e.reliability();
    assertEquals(10, bins.size());
    assertEquals(2, bins.get(9).count());
    assertEquals(0.935, bins.get(9).meanConfidence(), 1e-12);
    assertEquals(0.5, bins.get(9).accuracy(), 1e-12);
    assertEquals(2, bins.get(6).count());
    assertEquals(1.0, bins.get(6).accuracy(), 1e-12);
    assertEquals(1, bins.get(3).count());
    assertEquals(0, bins.get(0).count());
    double ece = (2 * Math.abs(0.5 - 0.935) + 2 * Math.abs(1 - 0.63) + Math.abs(0 - 0.35)) / 5;
    assertEquals(ece, e.expectedCalibrationError().getAsDouble(), 1e-12);
    assertEquals(ece, (double) e.toMap().get("ece"), 1e-4);
    assertTrue(e.toString().contains("expected calibration error"));
    // a threshold of 0.6 keeps 4 of 5, of which 3 are right
    Evaluation.ThresholdResult r = e.atThreshold(0.6);
    assertEquals(4, r.kept());
    assertEquals(0.8, r.coverage(), 1e-12);
    assertEquals(0.75, r.accuracy(), 1e-12);
    assertEquals(0, e.atThreshold(0.99).kept());
    assertEquals(0, e.atThreshold(0.99).accuracy());
    assertThrows(IllegalArgumentException.class, () -> e.atThreshold(1.5));
    // pooled keeps confidences
    Evaluation twice = Evaluation.pooled(List.of(e, e));
    assertEquals(ece, twice.expectedCalibrationError().getAsDouble(), 1e-12);
  }

  @Test
  void labelsOnlyEvaluationHasNoCalibration() {
    Evaluation e = Evaluation.of(L, List.of(SUPPORT), List.of(SUPPORT));
    assertFalse(e.hasConfidences());
    assertTrue(e.expectedCalibrationError().isEmpty());
    assertEquals(List.of(), e.reliability());
    assertThrows(IllegalStateException.class, () -> e.atThreshold(0.5));
    assertFalse(e.toMap().containsKey("ece"));
  }

  @Test
  void macroF1OverASubsetCountsNonePredictionsAsErrors() {
    List<StanceLabel> four = List.of(SUPPORT, OPPOSITION, CONDITIONAL, StanceLabel.NONE);
    // two support rows: one right, one predicted none; one opposition right; one conditional right
    Evaluation e = Evaluation.of(four, List.of(SUPPORT, SUPPORT, OPPOSITION, CONDITIONAL),
        List.of(SUPPORT, StanceLabel.NONE, OPPOSITION, CONDITIONAL));
    double supportF1 = 2 * 1.0 * 0.5 / 1.5;
    assertEquals((supportF1 + 1 + 1) / 3, e.macroF1(List.of(SUPPORT, OPPOSITION, CONDITIONAL)), 1e-12);
    assertEquals((supportF1 + 1 + 1 + 0) / 4, e.macroF1(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> e.macroF1(List.of()));
  }

  @Test
  void noneIsAConstantAndNotAStance() {
    assertSame(StanceLabel.NONE, StanceLabel.of(" None "));
    assertFalse(pred(StanceLabel.NONE, 0.9).hasStance());
    assertTrue(pred(SUPPORT, 0.9).hasStance());
  }
}
