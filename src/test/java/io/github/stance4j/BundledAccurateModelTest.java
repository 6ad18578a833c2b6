package io.github.stance4j;

import static io.github.stance4j.BundledModelTest.README_TOLERANCE;
import static io.github.stance4j.BundledModelTest.STANCES;
import static io.github.stance4j.BundledModelTest.assertPrediction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.internal.EncoderEngine;
import io.github.stance4j.internal.MiniLmEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default model: the bundled fine-tuned accurate tier ({@code MINILM_FINETUNED}). Checks that
 * {@link StanceClassifier#loadDefault()} returns it, that it was trained on the current
 * {@code training-data/} with the tier's defaults, and the README's figures for it on data it
 * never saw (the held-out split and, when present, the real-world dev set).
 */
class BundledAccurateModelTest {

  static final String RETRAIN = "OMP_WAIT_POLICY=PASSIVE java -jar target/stance4j-cli.jar train --data training-data "
      + "--data training-data/news-labelled --architecture MINILM_FINETUNED --out src/main/resources/io/github/stance4j/stance4j-accurate.zip";

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
  void loadDefaultIsTheFineTunedAccurateTier() {
    assertEquals(Tier.ACCURATE, StanceClassifier.DEFAULT_TIER);
    ModelInfo i = model.info();
    assertEquals(Tier.ACCURATE, i.tier());
    assertEquals("MINILM_FINETUNED", i.architecture());
    // The fine-tuned encoder (format 3) with an n-gram path beside it (format 4).
    assertEquals(4, i.formatVersion());
    assertEquals("0.5", i.trainingConfig().get("ngramWeight"));
    java.util.Map<?, ?> f1 = (java.util.Map<?, ?>) i.metrics().get("ngram");
    // On the validation split the blend beat both of its parts (README, "Model card").
    assertTrue(((Number) f1.get("blend")).doubleValue() > ((Number) f1.get("network")).doubleValue(), f1.toString());
    assertTrue(((Number) f1.get("blend")).doubleValue() > ((Number) f1.get("ngram")).doubleValue(), f1.toString());
    assertEquals(MiniLmEncoder.NAME, i.encoder().get("name"));
    assertEquals(EncoderEngine.encoder().sha256(), i.encoder().get("sha256"));
    BundledModelTest.assertLabelsAndTargets(model);
    assertThrows(NullPointerException.class, () -> StanceClassifier.loadDefault(null));
    try (StanceClassifier fast = StanceClassifier.loadDefault(Tier.FAST)) {
      assertEquals("CNN", fast.info().architecture());
    }
  }

  @Test
  void wasTrainedOnTheCurrentTrainingDataWithTheTierDefaults() throws IOException {
    BundledModelTest.assertTrainedOnTheCurrentData(model, TrainingConfig.defaults(Tier.ACCURATE), RETRAIN);
  }

  /** README, "Model card" and "Tiers": held-out four-label and stance macro-F1, F1 per label, ECE. */
  @Test
  void readmeHeldOutFigures() throws IOException {
    StanceDataset held = StanceDataset.readCsv(Path.of("training-data/heldout"));
    Evaluation e = model.evaluate(held);
    System.out.println("bundled accurate model on training-data/heldout:\n" + e);
    Evaluation stance = model.evaluate(held.filter(x -> !x.label().equals(StanceLabel.NONE)));
    System.out.printf("held-out: ECE %.4f, stance macro-F1 %.4f%n", e.expectedCalibrationError().getAsDouble(),
        stance.macroF1(STANCES));
    assertEquals(398, e.n());
    assertEquals(HELDOUT, e.macroF1(), README_TOLERANCE);
    assertEquals(HELDOUT_NONE, e.f1(StanceLabel.NONE), README_TOLERANCE);
    assertEquals(HELDOUT_STANCE, stance.macroF1(STANCES), README_TOLERANCE);
    assertEquals(HELDOUT_ECE, e.expectedCalibrationError().getAsDouble(), 0.005);
  }

  /** README: the dev set's four-label, none and stance figures, and how it treats the 13 none rows. */
  @Test
  void readmeRealWorldFiguresWhenPresent() throws IOException {
    Evaluation e = model.evaluate(TestModels.realWorldDev());
    System.out.println("bundled accurate model on the real-world dev set:\n" + e);
    Evaluation stance = model.evaluate(TestModels.realWorldStanceRows(STANCES));
    double[] none = BundledModelTest.onNoneRows(model);
    int saidNone = (int) none[1];
    System.out.printf("dev: ECE %.4f, stance macro-F1 %.4f, none rows: mean confidence %.4f, %d of 13 none%n",
        e.expectedCalibrationError().getAsDouble(), stance.macroF1(STANCES), none[0], saidNone);
    assertEquals(100, e.n());
    assertEquals(DEV, e.macroF1(), README_TOLERANCE);
    assertEquals(DEV_NONE, e.f1(StanceLabel.NONE), README_TOLERANCE);
    assertEquals(DEV_STANCE, stance.macroF1(STANCES), README_TOLERANCE);
    assertEquals(DEV_ECE, e.expectedCalibrationError().getAsDouble(), 0.005);
    assertEquals(DEV_SAID_NONE, saidNone);
  }

  /** README, "Known limits": the typical sentences, with the labels and confidences shown there. */
  @Test
  void readmeSentences() {
    String[][] cases = {
        {"Refusing to admit Kyiv is not enough now; the alliance must disavow its 2008 promise, the spokeswoman said.",
            "NATO enlargement"},
        {"The alliance must disavow its 2008 promise to Kyiv, the spokeswoman said.", "NATO enlargement"},
        {"We will keep sending air defence for as long as it takes.", "military aid to Ukraine"},
        {"The NATO summit will take place in The Hague on 24 and 25 June.", "NATO enlargement"},
        {"Reporters asked the president about European peacekeepers; he declined to comment.",
            "European peacekeepers in Ukraine"},
        {"Moscow will respond if Finland joins the bloc, the envoy warned.", "NATO enlargement"},
    };
    for (String[] c : cases) {
      System.out.println(model.classify(c[0], c[1]) + " <- " + c[0]);
    }
    for (int i = 0; i < cases.length; i++) {
      assertPrediction(SENTENCE_LABELS[i], SENTENCE_CONFIDENCES[i], model.classify(cases[i][0], cases[i][1]));
    }
  }

  @Test
  void batchesGiveTheSingleAnswers() {
    AccurateTierTest.assertBatchesGiveTheSingleAnswers(model);
  }

  @Test
  void oddInputsGiveValidDistributions() {
    AccurateTierTest.assertOddInputsGiveValidDistributions(model);
  }

  @Test
  void threadsSharingTheModelGetTheSingleThreadedAnswers() throws Exception {
    AccurateTierTest.assertThreadsGetTheSingleThreadedAnswers(model);
  }

  // Measured on the bundled model when it was trained (README); inference is deterministic.
  static final double HELDOUT = 0.832;
  static final double HELDOUT_NONE = 0.938;
  static final double HELDOUT_STANCE = 0.803;
  static final double HELDOUT_ECE = 0.030;
  static final double DEV = 0.765;
  static final double DEV_NONE = 0.615;
  static final double DEV_STANCE = 0.839;
  static final double DEV_ECE = 0.097;
  static final int DEV_SAID_NONE = 8;
  static final StanceLabel[] SENTENCE_LABELS = {StanceLabel.SUPPORT, StanceLabel.SUPPORT, StanceLabel.SUPPORT,
      StanceLabel.NONE, StanceLabel.NONE, StanceLabel.OPPOSITION};
  static final double[] SENTENCE_CONFIDENCES = {0.865, 0.398, 0.823, 0.997, 0.998, 0.953};
}
