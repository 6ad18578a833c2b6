package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StanceTrainerTest {

  @Test
  void learnsTheTinyCorpus() {
    StanceClassifier c = TestModels.tiny();
    assertEquals(List.of(StanceLabel.CONDITIONAL, StanceLabel.OPPOSITION, StanceLabel.SUPPORT), c.labels());
    assertEquals(List.of("aid", "alliance"), c.targets());
    assertEquals("alliance", c.defaultTarget());
    Evaluation e = c.evaluate(TestModels.tinyData());
    assertTrue(e.accuracy() >= 0.9, "training accuracy " + e.accuracy());
  }

  @Test
  void sameSeedSameModel() {
    TrainingConfig cfg = TestModels.TINY_CONFIG.withEpochs(8);
    StanceDataset d = TestModels.tinyData();
    try (StanceClassifier a = new StanceTrainer(cfg).train(d);
         StanceClassifier b = new StanceTrainer(cfg).train(d)) {
      for (StanceExample ex : d.examples()) {
        assertEquals(a.classify(ex.statement(), ex.target()).probabilities(),
            b.classify(ex.statement(), ex.target()).probabilities(), ex.statement());
      }
    }
  }

  @Test
  void listenerSeesEveryEpochWithValidation() {
    List<TrainingProgress> seen = new ArrayList<>();
    TrainingConfig cfg = TestModels.TINY_CONFIG.withEpochs(5).withValidationFraction(0.25).withPatience(0)
        .withSmallDataSize(0);
    try (StanceClassifier c = new StanceTrainer(cfg).withListener(seen::add).train(TestModels.tinyData())) {
      assertEquals(5, seen.size());
      for (int i = 0; i < 5; i++) {
        TrainingProgress p = seen.get(i);
        assertEquals(i + 1, p.epoch());
        assertEquals(5, p.epochs());
        assertTrue(Double.isFinite(p.loss()) && p.loss() > 0);
        assertTrue(p.validationMacroF1() >= 0 && p.validationMacroF1() <= 1);
      }
      assertTrue(seen.get(0).best());
      assertTrue(c.info().metrics().containsKey("validation"));
    }
  }

  @Test
  void earlyStoppingStopsBeforeMaxEpochs() {
    List<TrainingProgress> seen = new ArrayList<>();
    TrainingConfig cfg = TestModels.TINY_CONFIG.withEpochs(200).withValidationFraction(0.25).withPatience(2)
        .withSmallDataSize(0);
    try (StanceClassifier c = new StanceTrainer(cfg).withListener(seen::add).train(TestModels.tinyData())) {
      assertTrue(seen.size() < 200, "ran " + seen.size() + " epochs");
      TrainingProgress last = seen.get(seen.size() - 1);
      assertTrue(last.last() && seen.stream().filter(TrainingProgress::last).count() == 1);
      String expected = String.format(java.util.Locale.ROOT, "stopped early after epoch %d of 200: validation "
          + "macro-F1 did not improve for 2 epochs (patience 2); kept epoch %d (validation macro-F1 ",
          seen.size(), seen.size() - 2);
      assertTrue(last.stopReason().startsWith(expected), last.stopReason());
      assertEquals(last.stopReason(), c.info().stopReason());
      assertEquals(seen.size(), c.info().epochsRun());
    }
  }

  @Test
  void continuesTrainingWithSameLabels() {
    StanceClassifier base = TestModels.tiny();
    StanceDataset more = StanceDataset.of(List.of(
        StanceExample.of("The senate voted to welcome them into the alliance.", "alliance", "support"),
        StanceExample.of("The envoy threatened countermeasures against accession.", "alliance", "opposition"),
        StanceExample.of("They may join once the border dispute is settled.", "alliance", "conditional")));
    try (StanceClassifier next = new StanceTrainer(TestModels.TINY_CONFIG.withEpochs(5)).continueTraining(base, more)) {
      assertEquals(base.labels(), next.labels());
      assertEquals(base.targets(), next.targets());
      assertEquals(base.info().vocabularySize(), next.info().vocabularySize());
      assertEquals(StanceLabel.SUPPORT, next.classify("The senate voted to welcome them into the alliance.").label());
    }
  }

  @Test
  void continueTrainingRefusesNewLabel() {
    StanceDataset other = StanceDataset.of(List.of(
        StanceExample.of("No view on this.", "alliance", "none"),
        StanceExample.of("They should join.", "alliance", "support")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StanceTrainer(TestModels.TINY_CONFIG).continueTraining(TestModels.tiny(), other));
    assertTrue(e.getMessage().contains("\"none\""), e.getMessage());
  }

  @Test
  void warningsAreCountedInTheModel() {
    List<StanceExample> ex = new ArrayList<>(TestModels.tinyData().examples());
    ex.add(ex.get(0));
    ex.add(StanceExample.of(ex.get(1).statement(), ex.get(1).target(), "opposition"));
    StanceDataset d = StanceDataset.of(ex);
    assertEquals(2, d.warnings().size());
    try (StanceClassifier c = new StanceTrainer(TestModels.TINY_CONFIG.withEpochs(1)).train(d)) {
      assertEquals(2, c.info().trainingWarnings());
    }
  }

  @Test
  void otherLabelSetsWorkTheSameWay() {
    List<StanceExample> ex = new ArrayList<>();
    String[] favor = {"I am in favour of the new law.", "Great law, we back it fully.", "This law deserves our vote.", "We welcome the law."};
    String[] against = {"I am against the new law.", "Terrible law, scrap it.", "This law must be rejected.", "We oppose the law."};
    String[] none = {"The law was published on Monday.", "The committee meets next week.", "Reporters asked about the weather.", "The session lasted an hour."};
    for (int i = 0; i < 4; i++) {
      ex.add(StanceExample.of(favor[i], "law", "favor"));
      ex.add(StanceExample.of(against[i], "law", "against"));
      ex.add(StanceExample.of(none[i], "law", "none"));
    }
    try (StanceClassifier c = new StanceTrainer(TestModels.TINY_CONFIG).train(StanceDataset.of(ex))) {
      assertEquals(List.of(StanceLabel.of("against"), StanceLabel.of("favor"), StanceLabel.of("none")), c.labels());
      StancePrediction p = c.classify("We oppose the law.");
      assertEquals("against", p.label().toString());
      assertEquals(3, p.probabilities().size());
    }
  }

  @Test
  void refusesDataThatCannotTrain() {
    StanceDataset one = StanceDataset.of(List.of(
        StanceExample.of("a", "t", "support"), StanceExample.of("b", "t", "support")));
    StanceDataException e = assertThrows(StanceDataException.class, () -> new StanceTrainer().train(one));
    assertTrue(e.getMessage().contains("single label"), e.getMessage());

    StanceDataset rare = StanceDataset.of(List.of(
        StanceExample.of("a", "t", "support"), StanceExample.of("b", "t", "support"),
        StanceExample.of("c", "t", "opposition")));
    // below smallDataSize there is no validation split, and one example of a label is enough
    e = assertThrows(StanceDataException.class,
        () -> new StanceTrainer(TrainingConfig.defaults().withSmallDataSize(0)).train(rare));
    assertTrue(e.getMessage().contains("\"opposition\" has 1 example"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(first at example 3)"), e.getMessage());

    e = assertThrows(StanceDataException.class, () -> new StanceTrainer().crossValidate(TestModels.tinyData(), 13));
    assertTrue(e.getMessage().contains("at least 13"), e.getMessage());
  }

  /**
   * Mean macro-F1 of the 3-fold cross-validation below, measured: 0.4749 (± 0.1926 over folds of
   * 12 statements; chance is about 0.33). Training is deterministic; the test allows 0.05 below.
   */
  static final double TINY_CV_MACRO_F1 = 0.4749;

  /**
   * Each example is in exactly one test fold, each (target, label) group is spread over the folds
   * evenly, {@code crossValidate} tests exactly these folds, and its mean macro-F1 stays near the
   * measured value.
   */
  @Test
  void crossValidationTestsEachExampleOnceInStratifiedFolds() {
    StanceDataset d = TestModels.tinyData();
    TrainingConfig cfg = TestModels.TINY_CONFIG.withEpochs(30);
    List<List<Integer>> folds = StanceTrainer.stratifiedFolds(d, 3, cfg.seed());
    int[] seen = new int[d.size()];
    for (List<Integer> f : folds) {
      for (int i : f) {
        seen[i]++;
      }
    }
    for (int i = 0; i < seen.length; i++) {
      assertEquals(1, seen[i], "example " + i + " is in " + seen[i] + " test folds");
    }
    java.util.Map<String, int[]> groups = new java.util.TreeMap<>();
    for (int k = 0; k < folds.size(); k++) {
      for (int i : folds.get(k)) {
        StanceExample e = d.examples().get(i);
        groups.computeIfAbsent(e.target() + " / " + e.label(), g -> new int[folds.size()])[k]++;
      }
    }
    assertEquals(6, groups.size());
    groups.forEach((g, counts) -> {
      int min = java.util.Arrays.stream(counts).min().orElseThrow();
      int max = java.util.Arrays.stream(counts).max().orElseThrow();
      assertTrue(max - min <= 1, g + " per fold " + java.util.Arrays.toString(counts));
    });

    CrossValidationResult cv = new StanceTrainer(cfg).crossValidate(d, 3);
    System.out.printf("tiny 3-fold CV macro-F1 %.4f ± %.4f%n", cv.meanMacroF1(), cv.stdMacroF1());
    assertEquals(3, cv.folds().size());
    for (int k = 0; k < 3; k++) {
      Evaluation e = cv.folds().get(k);
      assertEquals(folds.get(k).size(), e.n(), "fold " + k);
      for (StanceLabel gold : e.labels()) {
        long inFold = folds.get(k).stream().filter(i -> d.examples().get(i).label().equals(gold)).count();
        long tested = 0;
        for (StanceLabel pred : e.labels()) {
          tested += e.count(gold, pred);
        }
        assertEquals(inFold, tested, "fold " + k + ", gold " + gold);
      }
    }
    assertEquals(d.size(), cv.pooled().n());
    assertTrue(cv.meanMacroF1() >= TINY_CV_MACRO_F1 - 0.05, "cv macro-F1 " + cv.meanMacroF1());
  }
}
