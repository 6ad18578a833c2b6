package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.stance4j.internal.EncoderEngine;
import io.github.stance4j.internal.MiniLmEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The frozen-encoder architecture of the accurate tier ({@code MINILM}) end to end: the 0.2.0
 * bundled accurate model (kept as a test fixture, {@link #FROZEN_RESOURCE}), training from code,
 * the saved file and its encoder check. The fine-tuned default model has its own
 * {@link BundledAccurateModelTest}.
 */
class AccurateTierTest {

  /** The 0.2.0 bundled accurate model: MiniLM frozen, a DL4J head, four labels. */
  static final String FROZEN_RESOURCE = "/io/github/stance4j/frozen-accurate.zip";
  /** Held-out macro-F1 of that model, measured when it was trained (README, 0.2.0 row). */
  static final double HELDOUT_MACRO_F1 = 0.7082;
  /** Its four-label macro-F1 on the 100 rows of the real-world dev set (README, 0.2.0 row). */
  static final double REALWORLD_MACRO_F1 = 0.5997;

  static StanceClassifier accurate;
  static StanceClassifier tiny;

  @BeforeAll
  static void load() {
    accurate = frozen();
    tiny = new StanceTrainer(TrainingConfig.defaults(TrainingConfig.Architecture.MINILM).withEpochs(30)
        .withValidationFraction(0).withPatience(0).withLearningRate(0.01).withHiddenSize(32)
        .withBatchSize(8)).train(TestModels.tinyData(), "alliance");
  }

  /** Loads the {@link #FROZEN_RESOURCE} fixture. */
  static StanceClassifier frozen() {
    try (java.io.InputStream in = AccurateTierTest.class.getResourceAsStream(FROZEN_RESOURCE)) {
      return StanceClassifier.load(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void close() {
    accurate.close();
    tiny.close();
  }

  @Test
  void frozenModelRecordsItsEncoder() {
    ModelInfo i = accurate.info();
    assertEquals(Tier.ACCURATE, i.tier());
    assertEquals("MINILM", i.architecture());
    assertEquals(MiniLmEncoder.NAME, i.encoder().get("name"));
    assertEquals(EncoderEngine.encoder().sha256(), i.encoder().get("sha256"));
    assertEquals(2, i.formatVersion());
    assertEquals(List.of(StanceLabel.CONDITIONAL, StanceLabel.NONE, StanceLabel.OPPOSITION, StanceLabel.SUPPORT),
        accurate.labels());
    assertEquals(128, accurate.maxTokens());
  }

  @Test
  void frozenModelOnTheHeldOutSplit() throws IOException {
    Evaluation e = accurate.evaluate(StanceDataset.readCsv(Path.of("training-data/heldout")));
    System.out.println("0.2.0 accurate (frozen) model on training-data/heldout:\n" + e);
    assertTrue(e.macroF1() >= HELDOUT_MACRO_F1 - 0.03, "held-out macro-F1 " + e.macroF1());
    assertTrue(e.expectedCalibrationError().getAsDouble() <= 0.075, "held-out ECE " + e.expectedCalibrationError());
  }

  @Test
  void frozenModelOnTheRealWorldDevSetWhenPresent() throws IOException {
    Evaluation e = accurate.evaluate(TestModels.realWorldDev());
    System.out.println("0.2.0 accurate (frozen) model on the real-world dev set:\n" + e);
    assertTrue(e.macroF1() >= REALWORLD_MACRO_F1 - 0.03, "real-world macro-F1 " + e.macroF1());
  }

  @Test
  void headRunsInJavaWithDl4jAnswers() throws IOException {
    EncoderEngine engine = (EncoderEngine) accurate.engine();
    assertTrue(engine.usesKernel());
    List<String> statements = new java.util.ArrayList<>();
    for (StanceExample e : StanceDataset.readCsv(Path.of("training-data/heldout")).examples().subList(0, 60)) {
      statements.add(e.statement());
    }
    int[] tg = new int[statements.size()];
    for (int i = 0; i < tg.length; i++) {
      tg[i] = i % accurate.targets().size();
    }
    double[][] inJava = engine.classify(statements, tg);
    float[][] vectors = EncoderEngine.sentenceVectors(statements, accurate.maxTokens());
    float[][] dl4j = io.github.stance4j.internal.ModelEngine.output(engine.network(),
        EncoderEngine.inputs(java.util.Arrays.asList(vectors), tg, accurate.targets().size()));
    for (int i = 0; i < tg.length; i++) {
      for (int j = 0; j < inJava[i].length; j++) {
        assertEquals(dl4j[i][j], inJava[i][j], 1e-5, "statement " + i);
      }
    }
    String before = System.getProperty("stance4j.inference");
    System.setProperty("stance4j.inference", "dl4j");
    try (StanceClassifier viaDl4j = frozen()) {
      assertTrue(!((EncoderEngine) viaDl4j.engine()).usesKernel());
      String s = statements.get(0);
      for (StanceLabel l : accurate.labels()) {
        assertEquals(accurate.classify(s).probability(l), viaDl4j.classify(s).probability(l), 1e-5);
      }
    } finally {
      if (before == null) {
        System.clearProperty("stance4j.inference");
      } else {
        System.setProperty("stance4j.inference", before);
      }
    }
  }

  @Test
  void batchesGiveTheSingleAnswers() {
    assertBatchesGiveTheSingleAnswers(accurate);
  }

  /** classifyAll answers each statement as classify does (to 1e-5), across parallel encoder batches. */
  static void assertBatchesGiveTheSingleAnswers(StanceClassifier accurate) {
    List<String> s = new java.util.ArrayList<>(List.of(
        "Finland's accession makes the whole alliance stronger, the minister said.",
        "No.",
        "Ukraine may join once the war is over and every ally has ratified the protocol, which the"
            + " chancellor said could take years, and not a day before the conditions are met."));
    try {
      // 43 statements of mixed lengths: six encoder batches, run on two threads at once
      for (StanceExample e : StanceDataset.readCsv(Path.of("training-data/heldout")).examples().subList(0, 40)) {
        s.add(e.statement());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<StancePrediction> all = accurate.classifyAll(s);
    for (int i = 0; i < s.size(); i++) {
      StancePrediction one = accurate.classify(s.get(i));
      for (StanceLabel l : accurate.labels()) {
        assertEquals(one.probability(l), all.get(i).probability(l), 1e-5, s.get(i));
      }
    }
  }

  @Test
  void oddInputsGiveValidDistributions() {
    assertOddInputsGiveValidDistributions(accurate);
  }

  /** Odd inputs, a million characters and the encoder's own markers give distributions. */
  static void assertOddInputsGiveValidDistributions(StanceClassifier accurate) {
    List<String> odd = new java.util.ArrayList<>(RobustInputTest.oddInputs());
    odd.add("x".repeat(1_000_000));
    odd.add("[CLS] [SEP] [PAD] [MASK] [UNK]");
    for (String s : odd) {
      assertValid(accurate, accurate.classify(s));
    }
    List<StancePrediction> all = accurate.classifyAll(odd);
    assertEquals(odd.size(), all.size());
    all.forEach(p -> assertValid(accurate, p));
  }

  static void assertValid(StanceClassifier accurate, StancePrediction p) {
    assertEquals(accurate.labels(), new java.util.ArrayList<>(p.probabilities().keySet()));
    double sum = 0;
    for (double v : p.probabilities().values()) {
      assertTrue(v >= 0 && v <= 1 && Double.isFinite(v), "probability " + v);
      sum += v;
    }
    assertEquals(1.0, sum, 1e-6);
  }

  @Test
  void threadsSharingTheModelGetTheSingleThreadedAnswers() throws Exception {
    assertThreadsGetTheSingleThreadedAnswers(accurate);
  }

  /** Four threads sharing the model get the answers of one thread (to 1e-5). */
  static void assertThreadsGetTheSingleThreadedAnswers(StanceClassifier accurate) throws Exception {
    List<String> s = List.of(
        "We will veto their membership, the prime minister said.",
        "The alliance welcomes its newest member.",
        "Membership is possible once the war is over.",
        "Not one more country should join the bloc.");
    List<StancePrediction> expected = accurate.classifyAll(s);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        done.add(pool.submit(() -> {
          for (int k = 0; k < 12; k++) {
            int i = (k + offset) % s.size();
            StancePrediction p = k % 3 == 0 ? accurate.classifyAll(List.of(s.get(i))).get(0) : accurate.classify(s.get(i));
            for (StanceLabel l : accurate.labels()) {
              if (Math.abs(p.probability(l) - expected.get(i).probability(l)) > 1e-5) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (java.util.concurrent.Future<Boolean> f : done) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void trainsFromCodeAndRoundTrips() throws IOException {
    assertEquals(Tier.ACCURATE, tiny.info().tier());
    assertEquals(0, tiny.info().vocabularySize());
    Evaluation e = tiny.evaluate(TestModels.tinyData());
    assertTrue(e.accuracy() >= 0.9, "training accuracy " + e.accuracy());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tiny.save(out);
    try (StanceClassifier back = StanceClassifier.load(new ByteArrayInputStream(out.toByteArray()))) {
      assertEquals(tiny.info(), back.info());
      String s = "They will never be allowed into the alliance.";
      for (StanceLabel l : tiny.labels()) {
        assertEquals(tiny.classify(s).probability(l), back.classify(s).probability(l), 1e-6);
      }
    }
  }

  @Test
  void continuedTrainingKeepsTheTier() {
    try (StanceClassifier next = new StanceTrainer(TrainingConfig.defaults(TrainingConfig.Architecture.MINILM).withEpochs(2)
        .withValidationFraction(0).withPatience(0)).continueTraining(tiny, TestModels.tinyData())) {
      assertEquals(Tier.ACCURATE, next.info().tier());
      assertEquals(tiny.info().encoder(), next.info().encoder());
    }
  }

  @Test
  void refusesAModelTrainedOnAnotherEncoder() throws IOException {
    byte[] bad = editManifest(tiny, m -> m.getAsJsonObject("encoder").addProperty("sha256", "0".repeat(64)));
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> StanceClassifier.load(new ByteArrayInputStream(bad)));
    assertTrue(e.getMessage().contains("0".repeat(64)) && e.getMessage().contains(EncoderEngine.encoder().sha256()),
        e.getMessage());
  }

  @Test
  void refusesAnAccurateModelWithoutItsEncoder() throws IOException {
    byte[] bad = editManifest(tiny, m -> m.remove("encoder"));
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> StanceClassifier.load(new ByteArrayInputStream(bad)));
    assertTrue(e.getMessage().contains("no encoder"), e.getMessage());
  }

  @Test
  void refusesAnUnknownTier() throws IOException {
    byte[] bad = editManifest(tiny, m -> m.addProperty("tier", "turbo"));
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> StanceClassifier.load(new ByteArrayInputStream(bad)));
    assertTrue(e.getMessage().contains("turbo"), e.getMessage());
  }

  /** The model's file with its manifest changed (the weights' hash still matches). */
  static byte[] editManifest(StanceClassifier c, java.util.function.Consumer<JsonObject> edit) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    c.save(raw);
    Map<String, byte[]> entries = ModelFileTest.entries(raw.toByteArray());
    JsonObject m = new Gson().fromJson(new String(entries.get("manifest.json"), StandardCharsets.UTF_8), JsonObject.class);
    edit.accept(m);
    entries.put("manifest.json", m.toString().getBytes(StandardCharsets.UTF_8));
    return ModelFileTest.zip(entries);
  }

}
