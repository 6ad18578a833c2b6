package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
      assertTrue(e.f1(l) >= 0.5, l + " F1 " + e.f1(l));
    }
  }

  @Test
  void accuracyOnTheRealWorldDevSetWhenPresent() throws IOException {
    Evaluation e = model.evaluate(TestModels.realWorldStanceRows(model.labels()));
    System.out.println("bundled model on the real-world dev set (stance rows):\n" + e);
    assertTrue(e.macroF1() >= REALWORLD_MACRO_F1 - 0.03, "real-world macro-F1 " + e.macroF1());
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
