package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StanceClassifier#recalibrated(StanceDataset)} on the bundled fast model: fitted on the first
 * half of the article sentences (which no bundled model trained on), measured on the second half.
 */
class RecalibrationTest {

  static StanceClassifier fast;
  static StanceClassifier recalibrated;
  static StanceDataset fit;
  static StanceDataset check;

  @BeforeAll
  static void load() throws IOException {
    fast = StanceClassifier.loadDefault(Tier.FAST);
    StanceDataset articles = StanceDataset.readCsv(Path.of("training-data/articles"));
    int half = articles.size() / 2;
    fit = StanceDataset.of(articles.examples().subList(0, half));
    check = StanceDataset.of(articles.examples().subList(half, articles.size()));
    recalibrated = fast.recalibrated(fit);
  }

  @AfterAll
  static void close() {
    fast.close();
    recalibrated.close();
  }

  private static double temperature(StanceClassifier c) {
    return ((Number) ((Map<?, ?>) c.info().metrics().get("recalibration")).get("temperature")).doubleValue();
  }

  @Test
  void keepsEveryLabelAndSoftensAnOverConfidentModel() {
    Map<?, ?> r = (Map<?, ?>) recalibrated.info().metrics().get("recalibration");
    System.out.println("recalibration of the bundled fast model on " + fit.size() + " article sentences: " + r);
    assertEquals(fit.size(), ((Number) r.get("examples")).intValue());
    double before = ((Number) r.get("previousTemperature")).doubleValue();
    double after = temperature(recalibrated);
    // the fast model is over-confident on article text (README, "Calibration"): the fit softens it
    assertTrue(after > 1.2 * before, "temperature " + before + " -> " + after);
    assertTrue(((Number) r.get("nllAfter")).doubleValue() < ((Number) r.get("nllBefore")).doubleValue());
    assertTrue(((Number) r.get("eceAfter")).doubleValue() < ((Number) r.get("eceBefore")).doubleValue());
    for (StanceDataset d : List.of(fit, check)) {
      for (StanceExample e : d.examples()) {
        StancePrediction a = fast.classify(e.statement(), e.target());
        StancePrediction b = recalibrated.classify(e.statement(), e.target());
        assertEquals(a.label(), b.label(), e.statement());
        assertTrue(b.confidence() <= a.confidence() + 1e-12, e.statement());
      }
    }
  }

  /** On the other half of the article sentences, which the fit did not see, calibration improves. */
  @Test
  void calibratesBetterOnSentencesTheFitDidNotSee() {
    double before = fast.evaluate(check).expectedCalibrationError().getAsDouble();
    double after = recalibrated.evaluate(check).expectedCalibrationError().getAsDouble();
    System.out.printf("article sentences, second half (%d): ECE %.4f -> %.4f%n", check.size(), before, after);
    assertTrue(after < before - 0.03, before + " -> " + after);
  }

  @Test
  void theNewTemperatureIsSavedAndTheTwoClassifiersAreIndependent() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    recalibrated.save(out);
    StanceExample e = check.examples().get(0);
    try (StanceClassifier again = StanceClassifier.load(new ByteArrayInputStream(out.toByteArray()))) {
      assertEquals(temperature(recalibrated), temperature(again));
      assertEquals(recalibrated.classify(e.statement(), e.target()).probabilities(),
          again.classify(e.statement(), e.target()).probabilities());
      StanceClassifier twice = again.recalibrated(fit);
      again.close();
      // fitting again on the same data finds (almost) nothing left to correct
      assertEquals(temperature(recalibrated), temperature(twice), 0.01 * temperature(recalibrated));
      twice.classify(e.statement(), e.target());
      twice.close();
    }
    recalibrated.classify(e.statement(), e.target());
  }

  @Test
  void refusesTooFewExamplesAndUnknownTargets() {
    StanceDataset few = StanceDataset.of(check.examples().subList(0, 5));
    StanceDataException small = assertThrows(StanceDataException.class, () -> fast.recalibrated(few));
    assertTrue(small.getMessage().contains("at least 30") && small.getMessage().contains("got 5"), small.getMessage());
    StanceDataset other = StanceDataset.of(java.util.Collections.nCopies(40,
        new StanceExample("Ministers met in Brussels.", "EU membership of Georgia", StanceLabel.NONE)));
    StanceDataException unknown = assertThrows(StanceDataException.class, () -> fast.recalibrated(other));
    assertTrue(unknown.getMessage().contains("EU membership of Georgia"), unknown.getMessage());
    assertThrows(NullPointerException.class, () -> fast.recalibrated(null));
  }
}
