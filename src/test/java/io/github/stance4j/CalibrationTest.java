package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.internal.Temperature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Temperature scaling: fitted on the validation split, stored in the model, applied on every call. */
class CalibrationTest {

  static StanceClassifier calibrated;

  @BeforeAll
  static void train() {
    // smallDataSize 0: keep the validation split on the 36-row tiny corpus (it would be dropped below 500 rows)
    calibrated = new StanceTrainer(TestModels.TINY_CONFIG.withValidationFraction(0.25).withPatience(10).withSmallDataSize(0))
        .train(TestModels.tinyData(), "alliance");
  }

  static final List<String> STATEMENTS = List.of(
      "The minister welcomed the new member into the alliance.",
      "They will join only after the war is over.",
      "We reject their accession outright.",
      "The summit is on Tuesday.");

  @Test
  @SuppressWarnings("unchecked")
  void trainingFitsAndRecordsATemperature() {
    Map<String, Object> c = (Map<String, Object>) calibrated.info().metrics().get("calibration");
    assertEquals("temperature", c.get("method"));
    double t = ((Number) c.get("temperature")).doubleValue();
    assertEquals(t, Temperature.of(calibrated.manifest()));
    assertTrue(t >= Temperature.MIN && t <= Temperature.MAX, "temperature " + t);
    assertTrue(t != 1, "a temperature was fitted");
    double before = ((Number) c.get("nllBefore")).doubleValue();
    double after = ((Number) c.get("nllAfter")).doubleValue();
    assertTrue(after <= before + 1e-9, "validation NLL " + before + " -> " + after);
    assertEquals(((Number) c.get("examples")).intValue(),
        ((Number) ((Map<String, Object>) calibrated.info().metrics().get("validation")).get("n")).intValue());
  }

  @Test
  void predictionsAreTheScaledNetworkOutputWithTheSameLabels() {
    double t = Temperature.of(calibrated.manifest());
    List<StancePrediction> got = calibrated.classifyAll(STATEMENTS, "alliance");
    int[] alliance = new int[STATEMENTS.size()];
    java.util.Arrays.fill(alliance, calibrated.targets().indexOf("alliance"));
    double[][] raw = calibrated.engine().classify(STATEMENTS, alliance);
    for (int i = 0; i < STATEMENTS.size(); i++) {
      double[] want = Temperature.apply(raw[i], t);
      for (int j = 0; j < want.length; j++) {
        assertEquals(want[j], got.get(i).probabilities().get(calibrated.labels().get(j)), 1e-12);
      }
      assertEquals(calibrated.labels().get(StanceClassifier.argmax(raw[i])), got.get(i).label());
      assertEquals(got.get(i), calibrated.classify(STATEMENTS.get(i), "alliance"));
    }
  }

  @Test
  void theTemperatureSurvivesSaveAndLoad() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    calibrated.save(bos);
    try (StanceClassifier back = StanceClassifier.load(new ByteArrayInputStream(bos.toByteArray()))) {
      assertEquals(calibrated.classifyAll(STATEMENTS, "alliance"), back.classifyAll(STATEMENTS, "alliance"));
      assertEquals(Temperature.of(calibrated.manifest()), Temperature.of(back.manifest()));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void withoutAValidationSplitTheModelIsNotCalibrated() {
    StanceClassifier tiny = TestModels.tiny();
    Map<String, Object> c = (Map<String, Object>) tiny.info().metrics().get("calibration");
    assertEquals(Map.of("method", "none", "reason", "no validation split"), c);
    assertEquals(1, Temperature.of(tiny.manifest()));
    double[] raw = tiny.engine().classify(List.of(STATEMENTS.get(0)), new int[] {tiny.targets().indexOf("alliance")})[0];
    StancePrediction p = tiny.classify(STATEMENTS.get(0), "alliance");
    for (int j = 0; j < raw.length; j++) {
      assertEquals(raw[j], p.probabilities().get(tiny.labels().get(j)), 0);
    }
  }

  @Test
  void aBrokenCalibrationEntryIsRefusedByName() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    calibrated.save(bos);
    Map<String, byte[]> e = ModelFileTest.entries(bos.toByteArray());
    String manifest = new String(e.get("manifest.json"), StandardCharsets.UTF_8);
    // the last "temperature" is the calibration entry's (the first is in the metrics report)
    int at = manifest.lastIndexOf("\"temperature\": ");
    String broken = manifest.substring(0, at) + manifest.substring(at).replaceFirst("\"temperature\": [0-9.Ee-]+", "\"temperature\": -1.0");
    assertTrue(!broken.equals(manifest), "the manifest has a temperature to break");
    e.put("manifest.json", broken.getBytes(StandardCharsets.UTF_8));
    ModelFormatException x = assertThrows(ModelFormatException.class,
        () -> StanceClassifier.load(new ByteArrayInputStream(ModelFileTest.zip(e))));
    assertNotNull(x.getMessage());
    assertTrue(x.getMessage().contains("calibration.temperature is -1.0"), x.getMessage());
  }
}
