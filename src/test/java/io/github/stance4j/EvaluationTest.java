package io.github.stance4j;

import static io.github.stance4j.StanceLabel.CONDITIONAL;
import static io.github.stance4j.StanceLabel.OPPOSITION;
import static io.github.stance4j.StanceLabel.SUPPORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
