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

  /**
   * The labelled data both bundled models train on: the corpus and, since 0.10.0, the labelled
   * article sentences of training-data/news-labelled/.
   */
  static final java.util.List<Path> TRAINING_DATA = java.util.List.of(Path.of("training-data"),
      Path.of("training-data/news-labelled"));

  static final String RETRAIN = "java -jar target/stance4j-cli.jar train --data training-data "
      + "--data training-data/news-labelled --default-target \"NATO enlargement\" --teacher accurate --unlabelled training-data/unlabelled "
      + "--teacher-weight 1 --ngram-weight 0.5 --pretrained-embeddings "
      + "--out src/main/resources/io/github/stance4j/stance4j-default.zip";
  /**
   * The bundled fast model's training settings: the fast tier's defaults with the n-gram path beside
   * the CNN and word vectors that start from the encoder's.
   */
  static final TrainingConfig CONFIG = TrainingConfig.defaults().withNgramWeight(0.5).withPretrainedEmbeddings(true);
  /** The unlabelled statements the bundled fast model was distilled on, and the teacher's weight. */
  static final String UNLABELLED = "training-data/unlabelled";
  static final double TEACHER_WEIGHT = 1.0;

  /** Measured when the bundled model was trained (README, model card); tests allow 0.03 below. */
  static final double HELDOUT_MACRO_F1 = 0.8288;
  /** Four-label macro-F1 on all 100 rows of the real-world dev set. */
  static final double REALWORLD_MACRO_F1 = 0.6608;
  /** Held-out F1 per label, measured (README model card); tests allow 0.03 below. */
  static final Map<StanceLabel, Double> HELDOUT_F1 = Map.of(StanceLabel.SUPPORT, 0.7222,
      StanceLabel.OPPOSITION, 0.8241, StanceLabel.CONDITIONAL, 0.8367, StanceLabel.NONE, 0.9321);
  /** Dev-set F1 per label on all 100 rows, measured (README model card). */
  static final Map<StanceLabel, Double> REALWORLD_F1 = Map.of(StanceLabel.SUPPORT, 0.6765,
      StanceLabel.OPPOSITION, 0.8000, StanceLabel.CONDITIONAL, 0.7500, StanceLabel.NONE, 0.4167);
  static final List<StanceLabel> STANCES = List.of(StanceLabel.CONDITIONAL, StanceLabel.OPPOSITION, StanceLabel.SUPPORT);
  /**
   * README figures of the bundled model are checked to this distance from the value measured
   * when they were written (inference is deterministic; a change that moves one further must
   * update the README).
   */
  static final double README_TOLERANCE = 0.01;

  static StanceClassifier model;

  @BeforeAll
  static void load() {
    model = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void hasTheDocumentedShape() {
    assertLabelsAndTargets(model);
    assertEquals("CNN", model.info().architecture());
  }

  /** The four labels and three targets both bundled models have, NATO enlargement the default. */
  static void assertLabelsAndTargets(StanceClassifier model) {
    assertEquals(List.of(StanceLabel.CONDITIONAL, StanceLabel.NONE, StanceLabel.OPPOSITION, StanceLabel.SUPPORT),
        model.labels());
    assertEquals("NATO enlargement", model.defaultTarget());
    assertEquals(List.of("European peacekeepers in Ukraine", "NATO enlargement", "military aid to Ukraine"), model.targets());
  }

  /** The model was trained on the current {@link #TRAINING_DATA} (by its SHA-256) with {@code config}. */
  static void assertTrainedOnTheCurrentData(StanceClassifier model, TrainingConfig config, String retrain)
      throws IOException {
    StanceDataset data = StanceDataset.readCsv(TRAINING_DATA);
    assertEquals(data.sha256(), model.info().trainingDataSha256(),
        "training-data/ changed but the bundled model was not retrained; run: " + retrain);
    assertEquals(data.size(), model.info().trainingExamples());
    assertEquals(config, TrainingConfig.fromMap(model.info().trainingConfig()),
        "the bundled model must be trained with its tier's defaults; run: " + retrain);
  }

  @Test
  void wasTrainedOnTheCurrentTrainingData() throws IOException {
    assertTrainedOnTheCurrentData(model, CONFIG, RETRAIN);
  }

  /** Distilled from the bundled accurate model on the current training-data/unlabelled/. */
  @Test
  void wasDistilledFromTheBundledAccurateModelOnTheCurrentUnlabelledStatements() throws IOException {
    java.util.Map<String, String> p = model.info().provenance();
    java.util.List<StanceQuery> u = StanceQuery.readCsv(java.util.List.of(Path.of(UNLABELLED)));
    assertEquals(Integer.toString(u.size()), p.get("unlabelledStatements"), "run: " + RETRAIN);
    assertEquals(Double.toString(TEACHER_WEIGHT), p.get("teacherWeight"));
    try (StanceClassifier accurate = StanceClassifier.loadDefault(io.github.stance4j.Tier.ACCURATE)) {
      ModelInfo t = accurate.info();
      assertEquals(t.architecture() + " model, stance4j " + t.libraryVersion() + ", training data sha256 "
          + t.trainingDataSha256(), p.get("teacher"), "the bundled accurate model changed; run: " + RETRAIN);
    }
  }

  @Test
  void heldOutSplitIsNotInTheTrainingData() throws IOException {
    StanceDataset train = StanceDataset.readCsv(TRAINING_DATA);
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
    Evaluation e = model.evaluate(TestModels.realWorldDev());
    System.out.println("bundled model on the real-world dev set:\n" + e);
    assertEquals(100, e.n(), "dev rows");
    assertTrue(e.macroF1() >= REALWORLD_MACRO_F1 - 0.03, "real-world macro-F1 " + e.macroF1());
    for (StanceLabel l : model.labels()) {
      assertTrue(e.f1(l) >= REALWORLD_F1.get(l) - 0.03, l + " F1 " + e.f1(l) + ", measured " + REALWORLD_F1.get(l));
    }
  }

  /** The model card's held-out figures: macro-F1, F1 per label, calibration and the commonest error. */
  @Test
  void readmeHeldOutFigures() throws IOException {
    Evaluation e = model.evaluate(StanceDataset.readCsv(Path.of("training-data/heldout")));
    assertEquals(398, e.n());
    assertEquals(0.829, e.macroF1(), README_TOLERANCE);
    assertEquals(0.72, e.f1(StanceLabel.SUPPORT), README_TOLERANCE);
    assertEquals(0.82, e.f1(StanceLabel.OPPOSITION), README_TOLERANCE);
    assertEquals(0.84, e.f1(StanceLabel.CONDITIONAL), README_TOLERANCE);
    assertEquals(0.93, e.f1(StanceLabel.NONE), README_TOLERANCE);
    assertEquals(0.037, e.expectedCalibrationError().getAsDouble(), 0.005);
    assertEquals(12, e.count(StanceLabel.SUPPORT, StanceLabel.CONDITIONAL), "support statements labelled conditional");
    StanceDataset stance = StanceDataset.readCsv(Path.of("training-data/heldout")).filter(x -> !x.label().equals(StanceLabel.NONE));
    assertEquals(0.803, model.evaluate(stance).macroF1(STANCES), README_TOLERANCE);
  }

  /** The README's dev-set figures: four-label macro-F1, none F1, stance macro-F1 on the 87 stance rows. */
  @Test
  void readmeRealWorldFiguresWhenPresent() throws IOException {
    Evaluation e = model.evaluate(TestModels.realWorldDev());
    assertEquals(0.661, e.macroF1(), README_TOLERANCE);
    assertEquals(0.42, e.f1(StanceLabel.NONE), README_TOLERANCE);
    assertEquals(0.080, e.expectedCalibrationError().getAsDouble(), 0.005);
    Evaluation stance = model.evaluate(TestModels.realWorldStanceRows(STANCES));
    assertEquals(87, stance.n());
    assertEquals(0.775, stance.macroF1(STANCES), README_TOLERANCE);
  }

  /**
   * README, "No stance": on the 13 dev sentences that take no stance the model answers none for 5
   * of them, with a mean confidence of 0.75 over all 13 (0.7.0 to 0.9.0: 4 and 0.83; 0.6.0: 4 and 0.87; 0.5.0: 4 and 0.80; 0.4.0's undistilled
   * CNN: 6 and 0.71; 0.1.0: 0.87, and 8 of 13 as support).
   */
  @Test
  void readmeNoStanceFiguresWhenPresent() throws IOException {
    double[] r = onNoneRows(model);
    System.out.printf("bundled model, dev none rows: mean confidence %.4f, %d of 13 none%n", r[0], (int) r[1]);
    assertEquals(0.75, r[0], README_TOLERANCE);
    assertEquals(5, (int) r[1]);
  }

  /** On the 13 none rows of the dev set: the mean confidence, and how many the model calls none. */
  static double[] onNoneRows(StanceClassifier model) throws IOException {
    List<StanceExample> none = TestModels.realWorldNoneRows();
    assertEquals(13, none.size());
    double sum = 0;
    int saidNone = 0;
    for (StanceExample x : none) {
      StancePrediction p = model.classify(x.statement(), x.target());
      sum += p.confidence();
      saidNone += p.hasStance() ? 0 : 1;
    }
    return new double[] {sum / none.size(), saidNone};
  }

  /** README, "Known limits": the sentences it gets wrong, with the labels and confidences shown. */
  @Test
  void readmeKnownWrongSentences() {
    assertPrediction(StanceLabel.SUPPORT, 0.63, model.classify("Refusing to admit Kyiv is not enough now; the alliance must"
        + " disavow its 2008 promise, the spokeswoman said.", "NATO enlargement"));
    assertPrediction(StanceLabel.CONDITIONAL, 0.37, model.classify(
        "The alliance must disavow its 2008 promise to Kyiv, the spokeswoman said.", "NATO enlargement"));
    assertPrediction(StanceLabel.CONDITIONAL, 0.64, model.classify(
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
    assertPrediction(StanceLabel.NONE, 0.994, model.classify("The NATO summit will take place in The Hague on 24 and 25 June."));
    assertPrediction(StanceLabel.NONE, 0.996, model.classify(
        "Reporters asked the president about European peacekeepers; he declined to comment.", "European peacekeepers in Ukraine"));
  }
}
