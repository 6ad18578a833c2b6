package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the model bundled in src/main/resources: that it was trained on the current
 * training-data/, and how it does on data it never saw (the held-out split and, when present, the
 * real-world dev set).
 */
class BundledModelTest {

  static final String RETRAIN = "java -jar target/stance4j-cli.jar train --data training-data "
      + "--default-target \"NATO enlargement\" --out src/main/resources/io/github/stance4j/stance4j-default.zip";

  /** Measured when the bundled model was trained (README, model card); tests allow 0.03 below. */
  static final double HELDOUT_MACRO_F1 = 0.7323;
  static final double REALWORLD_MACRO_F1 = 0.7380;
  /** Held-out F1 per label, measured (README: 0.69 / 0.77 / 0.74); tests allow 0.03 below. */
  static final Map<StanceLabel, Double> HELDOUT_F1 = Map.of(
      StanceLabel.SUPPORT, 0.6875, StanceLabel.OPPOSITION, 0.7676, StanceLabel.CONDITIONAL, 0.7418);
  /** Dev-set F1 per label on the 87 stance rows, measured (README: 0.70 / 0.80 / 0.72). */
  static final Map<StanceLabel, Double> REALWORLD_F1 = Map.of(
      StanceLabel.SUPPORT, 0.6970, StanceLabel.OPPOSITION, 0.8000, StanceLabel.CONDITIONAL, 0.7170);
  /**
   * README figures of the bundled model are checked to this distance from the value measured
   * when they were written (inference is deterministic; a change that moves one further must
   * update the README).
   */
  static final double README_TOLERANCE = 0.01;

  static StanceClassifier model;

  @BeforeAll
  static void load() {
    model = StanceClassifier.loadDefault();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void hasTheDocumentedShape() {
    assertEquals(List.of(StanceLabel.CONDITIONAL, StanceLabel.OPPOSITION, StanceLabel.SUPPORT), model.labels());
    assertEquals("NATO enlargement", model.defaultTarget());
    assertEquals(List.of("European peacekeepers in Ukraine", "NATO enlargement", "military aid to Ukraine"), model.targets());
    assertEquals("CNN", model.info().architecture());
  }

  @Test
  void wasTrainedOnTheCurrentTrainingData() throws IOException {
    StanceDataset data = StanceDataset.readCsv(Path.of("training-data"));
    assertEquals(data.sha256(), model.info().trainingDataSha256(),
        "training-data/ changed but the bundled model was not retrained; run: " + RETRAIN);
    assertEquals(data.size(), model.info().trainingExamples());
    assertEquals(TrainingConfig.defaults(), TrainingConfig.fromMap(model.info().trainingConfig()),
        "the bundled model must be trained with TrainingConfig.defaults(); run: " + RETRAIN);
  }

  @Test
  void heldOutSplitIsNotInTheTrainingData() throws IOException {
    StanceDataset train = StanceDataset.readCsv(Path.of("training-data"));
    StanceDataset held = StanceDataset.readCsv(Path.of("training-data/heldout"));
    java.util.Set<String> seen = new java.util.HashSet<>();
    train.examples().forEach(e -> seen.add(e.statement()));
    for (StanceExample e : held.examples()) {
      assertTrue(!seen.contains(e.statement()), "held-out statement is also in training data: " + e.statement());
    }
  }

  @Test
  void accuracyOnTheHeldOutSplit() throws IOException {
    Evaluation e = model.evaluate(StanceDataset.readCsv(Path.of("training-data/heldout")));
    System.out.println("bundled model on training-data/heldout:\n" + e);
    assertTrue(e.macroF1() >= HELDOUT_MACRO_F1 - 0.03, "held-out macro-F1 " + e.macroF1());
    for (StanceLabel l : model.labels()) {
      assertTrue(e.f1(l) >= HELDOUT_F1.get(l) - 0.03, l + " F1 " + e.f1(l) + ", measured " + HELDOUT_F1.get(l));
    }
  }

  @Test
  void accuracyOnTheRealWorldDevSetWhenPresent() throws IOException {
    Evaluation e = model.evaluate(TestModels.realWorldStanceRows(model.labels()));
    System.out.println("bundled model on the real-world dev set (stance rows):\n" + e);
    assertTrue(e.macroF1() >= REALWORLD_MACRO_F1 - 0.03, "real-world macro-F1 " + e.macroF1());
    assertEquals(87, e.n(), "stance rows");
    for (StanceLabel l : model.labels()) {
      assertTrue(e.f1(l) >= REALWORLD_F1.get(l) - 0.03, l + " F1 " + e.f1(l) + ", measured " + REALWORLD_F1.get(l));
    }
  }

  /** The model card's per-label table and its most common error, as the README gives them. */
  @Test
  void readmeHeldOutFigures() throws IOException {
    Evaluation e = model.evaluate(StanceDataset.readCsv(Path.of("training-data/heldout")));
    assertEquals(0.732, e.macroF1(), README_TOLERANCE);
    assertEquals(0.69, e.f1(StanceLabel.SUPPORT), README_TOLERANCE);
    assertEquals(0.77, e.f1(StanceLabel.OPPOSITION), README_TOLERANCE);
    assertEquals(0.74, e.f1(StanceLabel.CONDITIONAL), README_TOLERANCE);
    assertEquals(24, e.count(StanceLabel.SUPPORT, StanceLabel.CONDITIONAL), "support statements labelled conditional");
    assertEquals(100, e.count(StanceLabel.SUPPORT, StanceLabel.SUPPORT) + e.count(StanceLabel.SUPPORT, StanceLabel.OPPOSITION)
        + e.count(StanceLabel.SUPPORT, StanceLabel.CONDITIONAL), "held-out support statements");
  }

  /** The README's dev-set figures: macro-F1 and F1 per label on the 87 stance rows. */
  @Test
  void readmeRealWorldFiguresWhenPresent() throws IOException {
    Evaluation e = model.evaluate(TestModels.realWorldStanceRows(model.labels()));
    assertEquals(0.738, e.macroF1(), README_TOLERANCE);
    assertEquals(0.70, e.f1(StanceLabel.SUPPORT), README_TOLERANCE);
    assertEquals(0.80, e.f1(StanceLabel.OPPOSITION), README_TOLERANCE);
    assertEquals(0.72, e.f1(StanceLabel.CONDITIONAL), README_TOLERANCE);
  }

  /**
   * README, "No 'no stance' label" and "Tiers": on the 13 dev sentences that take no stance the
   * model answers with a mean confidence of 0.87, and 8 of the 13 come out as support.
   */
  @Test
  void readmeNoStanceConfidenceWhenPresent() throws IOException {
    List<StanceExample> none = TestModels.realWorldNoneRows();
    assertEquals(13, none.size());
    double sum = 0;
    int support = 0;
    for (StanceExample x : none) {
      StancePrediction p = model.classify(x.statement(), x.target());
      sum += p.confidence();
      support += p.label().equals(StanceLabel.SUPPORT) ? 1 : 0;
    }
    System.out.printf("bundled model, dev none rows: mean confidence %.4f, %d of 13 support%n", sum / 13, support);
    assertEquals(0.87, sum / none.size(), README_TOLERANCE);
    assertEquals(8, support);
  }

  /** README, "Known limits": the three sentences it gets wrong, with the labels and confidences shown. */
  @Test
  void readmeKnownWrongSentences() {
    assertPrediction(StanceLabel.SUPPORT, 0.94, model.classify("Refusing to admit Kyiv is not enough now; the alliance must"
        + " disavow its 2008 promise, the spokeswoman said.", "NATO enlargement"));
    assertPrediction(StanceLabel.CONDITIONAL, 0.67, model.classify(
        "The alliance must disavow its 2008 promise to Kyiv, the spokeswoman said.", "NATO enlargement"));
    assertPrediction(StanceLabel.CONDITIONAL, 0.74, model.classify(
        "We will keep sending air defence for as long as it takes.", "military aid to Ukraine"));
  }

  static void assertPrediction(StanceLabel label, double confidence, StancePrediction p) {
    assertEquals(label, p.label(), p.toString());
    assertEquals(confidence, p.confidence(), README_TOLERANCE, p.toString());
  }

  /** A dev file that is not the pinned one fails the dev-set tests loudly instead of being measured. */
  @Test
  void aChangedDevSetFailsLoudly(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path other = dir.resolve("dev.csv");
    java.nio.file.Files.writeString(other, "statement,target,label,source\n\"A sentence.\",NATO enlargement,support,x\n");
    org.opentest4j.AssertionFailedError e = org.junit.jupiter.api.Assertions.assertThrows(
        org.opentest4j.AssertionFailedError.class, () -> TestModels.checkedRealWorldDev(other));
    assertTrue(e.getMessage().contains("is not the dev set the README's figures were measured on"), e.getMessage());
  }

  @Test
  void typicalStatements() {
    assertEquals(StanceLabel.SUPPORT, model.classify(
        "We warmly welcome Sweden as the newest member of our alliance, the secretary general said.").label());
    assertEquals(StanceLabel.OPPOSITION, model.classify(
        "Moscow will respond with military-technical measures if Finland joins the bloc, the envoy warned.").label());
    assertEquals(StanceLabel.CONDITIONAL, model.classify(
        "Ukraine can join the alliance only after the war is over, the chancellor said.").label());
  }
}
