package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Targets match exactly first, then ignoring case when only one target matches that way; an
 * unknown target's message names the closest known one.
 */
class TargetMatchingTest {

  @Test
  void targetsMatchIgnoringCase() {
    try (StanceClassifier c = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST)) {
      String s = "Moscow will respond if Finland joins the bloc, the envoy warned.";
      StancePrediction lower = c.classify(s, "nato enlargement");
      assertEquals("NATO enlargement", lower.target());
      assertEquals(c.classify(s).probabilities(), lower.probabilities());
      assertEquals("military aid to Ukraine", c.classifyAll(List.of(s), " Military Aid to UKRAINE ").get(0).target());
    }
  }

  @Test
  void unknownTargetNamesTheClosestKnownTarget() {
    try (StanceClassifier c = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.classify("text", "NATO enlargment"));
      assertEquals("unknown target \"NATO enlargment\"; did you mean \"NATO enlargement\"? This model knows "
          + "[European peacekeepers in Ukraine, NATO enlargement, military aid to Ukraine]", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> c.classify("text", "peacekeepers"));
      assertTrue(e.getMessage().startsWith("unknown target \"peacekeepers\"; did you mean \"European peacekeepers in Ukraine\"?"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> c.classify("text", "EU budget"));
      assertEquals("unknown target \"EU budget\"; this model knows "
          + "[European peacekeepers in Ukraine, NATO enlargement, military aid to Ukraine]", e.getMessage());
    }
  }

  @Test
  void evaluationAndContinuedTrainingMatchTargetsTheSameWay() {
    StanceClassifier tiny = TestModels.tiny();
    StanceDataset upper = StanceDataset.of(List.of(
        StanceExample.of("He vowed to veto the accession protocol.", "ALLIANCE", "opposition"),
        StanceExample.of("Aid can continue only with strict audits.", "Aid", "conditional")));
    assertEquals(2, tiny.evaluate(upper).n());
    try (StanceClassifier next = new StanceTrainer(TestModels.TINY_CONFIG.withEpochs(1)).continueTraining(tiny, upper)) {
      assertEquals(List.of("aid", "alliance"), next.targets());
    }
    StanceDataset typo = StanceDataset.of(List.of(StanceExample.of("text", "alliances", "support")));
    StanceDataException e = assertThrows(StanceDataException.class, () -> tiny.evaluate(typo));
    assertEquals("example 1: unknown target \"alliances\"; did you mean \"alliance\"? This model knows [aid, alliance]", e.getMessage());
  }

  @Test
  void targetsThatDifferOnlyInCaseAreAWarningInTheData() {
    StanceDataset d = StanceDataset.of(List.of(
        StanceExample.of("We back it.", "Law", "support"),
        StanceExample.of("We oppose it.", "law", "opposition")));
    assertEquals(List.of("example 2: target \"law\" differs from \"Law\" (example 1) only in case; the model "
        + "will know both, and classifying needs the exact spelling of one"), d.warnings());
  }
}
