package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.internal.FinetuneTrainer;
import io.github.stance4j.internal.FinetunedEngine;
import io.github.stance4j.internal.MiniLmEncoder;
import io.github.stance4j.internal.MiniLmWeights;
import io.github.stance4j.text.WordPieceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fine-tuned accurate tier ({@code MINILM_FINETUNED}) on the tiny corpus: one trainable layer
 * and short statements keep each step well under a second.
 */
class FinetunedTierTest {

  static final TrainingConfig TINY = TrainingConfig.defaults(TrainingConfig.Architecture.MINILM_FINETUNED)
      .withTrainableLayers(1).withEpochs(2).withPatience(0).withBatchSize(12).withValidationFraction(0.25).withSmallDataSize(0)
      .withMaxTokens(48);

  private static StanceClassifier model;
  private static byte[] saved;
  private static final List<TrainingStep> steps = new ArrayList<>();
  private static final List<TrainingProgress> epochs = new ArrayList<>();

  @BeforeAll
  static void train() throws IOException {
    model = new StanceTrainer(TINY).withListener(new TrainingListener() {
      @Override
      public void onEpoch(TrainingProgress p) {
        epochs.add(p);
      }

      @Override
      public void onStep(TrainingStep s) {
        steps.add(s);
      }
    }).train(TestModels.tinyData(), "alliance");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.save(out);
    saved = out.toByteArray();
  }

  @AfterAll
  static void close() {
    model.close();
    model = null;
    saved = null;
  }

  /** Every fourth of the first 32 tiny examples, as pairs of at most 48 pieces. */
  private static FinetuneTrainer.Examples handful() {
    StanceDataset data = TestModels.tinyData();
    WordPieceTokenizer tok = WordPieceTokenizer.miniLm();
    int n = 8;
    int[][] ids = new int[n][];
    int[][] types = new int[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      StanceExample e = data.examples().get(i * 4);
      int[][] p = FinetunedEngine.pair(tok, e.target(), e.statement(), 48);
      ids[i] = p[0];
      types[i] = p[1];
      labels[i] = data.labels().indexOf(e.label());
    }
    return new FinetuneTrainer.Examples(ids, types, labels);
  }

  private static final List<Integer> HANDFUL = List.of(0, 1, 2, 3, 4, 5, 6, 7);
  private static final List<Integer> VALIDATE = List.of(0, 2, 4, 6);

  @Test
  void lossFallsOverAFewStepsOnAHandfulOfExamples() {
    List<StanceLabel> names = TestModels.tinyData().labels();
    TrainingConfig cfg = TINY.withEpochs(6).withBatchSize(8).withLearningRate(1e-3).withDropout(0);
    FinetuneTrainer.Result r = new FinetuneTrainer(cfg, TrainingListener.none()).fit(
        MiniLmWeights.fromOnnx(MiniLmEncoder.modelBytes()), Map.of(), null, handful(), names, HANDFUL, List.of());
    List<Double> loss = r.stepLosses();
    System.err.println("fine-tuning losses, 6 steps on 8 examples: " + loss);
    assertEquals(6, loss.size());
    assertTrue(loss.get(5) < 0.7 * loss.get(0), "loss " + loss);
    assertEquals(List.of(MiniLmWeights.layer(5, MiniLmWeights.QUERY_WEIGHT)),
        r.encoder().keySet().stream().filter(k -> k.endsWith("query.weight")).toList(), "only the top layer changed");
  }

  /**
   * Soft targets go where the labels went: one-hot soft targets train exactly the model the labels
   * train, and other soft targets train another.
   */
  @Test
  void oneHotSoftTargetsTrainWhatTheLabelsTrain() {
    List<StanceLabel> names = TestModels.tinyData().labels();
    FinetuneTrainer.Examples h = handful();
    float[][] oneHot = new float[h.labels().length][names.size()];
    float[][] uniform = new float[h.labels().length][names.size()];
    for (int i = 0; i < oneHot.length; i++) {
      oneHot[i][h.labels()[i]] = 1f;
      java.util.Arrays.fill(uniform[i], 1f / names.size());
    }
    TrainingConfig cfg = TINY.withEpochs(2).withBatchSize(4).withLearningRate(1e-3);
    MiniLmWeights w = MiniLmWeights.fromOnnx(MiniLmEncoder.modelBytes());
    FinetuneTrainer.Result byLabel = new FinetuneTrainer(cfg, TrainingListener.none()).fit(w, Map.of(), null,
        h, names, HANDFUL, List.of());
    FinetuneTrainer.Result bySoft = new FinetuneTrainer(cfg, TrainingListener.none()).fit(w, Map.of(), null,
        new FinetuneTrainer.Examples(h.ids(), h.types(), h.labels(), oneHot), names, HANDFUL, List.of());
    FinetuneTrainer.Result byUniform = new FinetuneTrainer(cfg, TrainingListener.none()).fit(w, Map.of(), null,
        new FinetuneTrainer.Examples(h.ids(), h.types(), h.labels(), uniform), names, HANDFUL, List.of());
    assertEquals(byLabel.stepLosses(), bySoft.stepLosses());
    assertArrayEquals(byLabel.head(), bySoft.head());
    assertFalse(java.util.Arrays.equals(byLabel.head(), byUniform.head()), "uniform targets train another head");
  }

  /**
   * Weight averaging follows the training without changing it (the same losses step by step, with
   * the average swapped in to validate each epoch and swapped out again) and returns the average:
   * another network at decay 0.9, and at decay 1e-9 (the last step's weight is 1 - 1e-9) the
   * network trained without it.
   */
  @Test
  void weightAveragingLeavesTheStepsAloneAndReturnsTheAverage() {
    List<StanceLabel> names = TestModels.tinyData().labels();
    TrainingConfig cfg = TINY.withEpochs(2).withBatchSize(4).withLearningRate(1e-3).withDropout(0);
    MiniLmWeights w = MiniLmWeights.fromOnnx(MiniLmEncoder.modelBytes());
    FinetuneTrainer.Result plain = new FinetuneTrainer(cfg, TrainingListener.none()).fit(w, Map.of(), null,
        handful(), names, HANDFUL, VALIDATE);
    FinetuneTrainer.Result averaged = new FinetuneTrainer(cfg.withEmaDecay(0.9), TrainingListener.none()).fit(w,
        Map.of(), null, handful(), names, HANDFUL, VALIDATE);
    FinetuneTrainer.Result last = new FinetuneTrainer(cfg.withEmaDecay(1e-9), TrainingListener.none()).fit(w,
        Map.of(), null, handful(), names, HANDFUL, VALIDATE);
    assertEquals(2, plain.epochsRun());
    assertEquals(2, averaged.epochsRun());
    assertEquals(plain.stepLosses(), averaged.stepLosses());
    assertArrayEquals(plain.head(), last.head(), 1e-6f);
    String q = MiniLmWeights.layer(5, MiniLmWeights.QUERY_WEIGHT);
    assertArrayEquals(plain.encoder().get(q), last.encoder().get(q), 1e-6f);
    float diff = 0;
    for (int i = 0; i < plain.head().length; i++) {
      diff = Math.max(diff, Math.abs(plain.head()[i] - averaged.head()[i]));
    }
    assertTrue(diff > 1e-4, "the average is not the last step's head (largest difference " + diff + ")");
  }

  /**
   * A fine-tuned model learns from a teacher (here the model this class trained) on its training
   * rows and on unlabelled statements: the teacher changes what is learned, and the provenance
   * says so.
   */
  @Test
  void learnsFromATeacherOnUnlabelledStatements() {
    List<StanceQuery> unlabelled = List.of(
        new StanceQuery("The alliance should welcome them without delay.", "alliance"),
        new StanceQuery("They must never be allowed to join.", "alliance"),
        new StanceQuery("Only once the reforms are finished can they join.", "alliance"),
        new StanceQuery("The meeting will take place on Tuesday.", "alliance"));
    TrainingConfig cfg = TINY.withEpochs(1);
    try (StanceClassifier plain = new StanceTrainer(cfg).train(TestModels.tinyData(), "alliance");
        StanceClassifier student = new StanceTrainer(cfg).withTeacher(model, unlabelled, 1.0)
            .train(TestModels.tinyData(), "alliance")) {
      assertEquals("MINILM_FINETUNED", student.info().architecture());
      assertEquals("1.0", student.info().provenance().get("teacherWeight"));
      assertEquals("4", student.info().provenance().get("unlabelledStatements"));
      assertFalse(plain.info().provenance().containsKey("teacher"));
      String s = "We strongly back their accession.";
      assertFalse(java.util.Arrays.equals(probs(plain.classify(s, "alliance")), probs(student.classify(s, "alliance"))),
          "the teacher changed the model");
    }
  }

  @Test
  void reportsStepsAndEpochsAndKeepsTheBestValidationEpoch() {
    assertEquals(6, steps.size()); // 27 training examples, batch 12, 2 epochs
    assertEquals(3, steps.get(5).step());
    assertEquals(3, steps.get(5).steps());
    assertEquals(2, steps.get(5).epoch());
    assertTrue(Double.isFinite(steps.get(5).loss()));
    assertEquals(2, epochs.size());
    int best = epochs.get(1).validationMacroF1() > epochs.get(0).validationMacroF1() ? 2 : 1;
    assertEquals(best, ((Number) model.info().metrics().get("bestEpoch")).intValue());
    assertTrue(epochs.get(best - 1).best());
    assertEquals(epochs.get(best - 1).validationMacroF1(),
        ((Number) ((Map<?, ?>) model.info().metrics().get("validation")).get("macro_f1")).doubleValue(), 1e-4);
  }

  @Test
  void isAnAccurateTierModelInFormatFourWithItsNgramPath() throws IOException {
    ModelInfo i = model.info();
    assertEquals(Tier.ACCURATE, i.tier());
    assertEquals("MINILM_FINETUNED", i.architecture());
    // Format 3 is the fine-tuned encoder; the default n-gram path (weight 0.5) makes it format 4.
    assertEquals(4, i.formatVersion());
    assertEquals("0.5", i.trainingConfig().get("ngramWeight"));
    Map<?, ?> f1 = (Map<?, ?>) i.metrics().get("ngram");
    assertEquals(java.util.Set.of("network", "ngram", "blend"), f1.keySet());
    for (Object v : f1.values()) {
      assertTrue(((Number) v).doubleValue() >= 0 && ((Number) v).doubleValue() <= 1, f1.toString());
    }
    assertEquals(MiniLmEncoder.NAME, i.encoder().get("name"));
    assertEquals("1", i.trainingConfig().get("trainableLayers"));
    Map<String, byte[]> entries = ModelFileTest.entries(saved);
    assertEquals(List.of("manifest.json", "params.bin", "encoder.bin", "ngrams.bin"), List.copyOf(entries.keySet()));
    // One layer's 16 tensors, 1,774,464 values in float16, plus names and headers.
    int encoderBytes = entries.get("encoder.bin").length;
    assertTrue(encoderBytes > 2 * 1_774_464 && encoderBytes < 2 * 1_774_464 + 4096, "encoder.bin " + encoderBytes);
    assertEquals(16 + 4 * (384 + 1) * 3, entries.get("params.bin").length);
  }

  @Test
  void saveAndLoadGiveTheSamePredictions() throws IOException {
    List<String> statements = new ArrayList<>();
    for (StanceExample e : TestModels.tinyData().examples()) {
      statements.add(e.statement());
    }
    try (StanceClassifier loaded = StanceClassifier.load(new ByteArrayInputStream(saved))) {
      for (String target : List.of("alliance", "aid")) {
        List<StancePrediction> a = model.classifyAll(statements, target);
        List<StancePrediction> b = loaded.classifyAll(statements, target);
        for (int i = 0; i < a.size(); i++) {
          assertEquals(a.get(i).label(), b.get(i).label());
          assertArrayEquals(probs(a.get(i)), probs(b.get(i)), 1e-6);
        }
      }
      assertEquals(model.info().metrics(), loaded.info().metrics());
    }
  }

  private static double[] probs(StancePrediction p) {
    return p.probabilities().values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void refusesAModelTrainedOnAnotherEncoder() throws IOException {
    Map<String, byte[]> entries = ModelFileTest.entries(saved);
    String manifest = new String(entries.get("manifest.json"), java.nio.charset.StandardCharsets.UTF_8);
    String sha = (String) model.info().encoder().get("sha256");
    entries.put("manifest.json", manifest.replace(sha, "0".repeat(64)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> StanceClassifier.load(new ByteArrayInputStream(ModelFileTest.zip(entries))));
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test
  void refusesADamagedEncoderEntry() throws IOException {
    Map<String, byte[]> entries = ModelFileTest.entries(saved);
    byte[] enc = entries.get("encoder.bin").clone();
    enc[enc.length / 2] ^= 1;
    entries.put("encoder.bin", enc);
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> StanceClassifier.load(new ByteArrayInputStream(ModelFileTest.zip(entries))));
    assertTrue(e.getMessage().contains("encoder.bin is damaged"), e.getMessage());
  }

  @Test
  void continuedTrainingStartsFromTheModel() {
    try (StanceClassifier more = new StanceTrainer(TINY.withEpochs(1).withValidationFraction(0))
        .continueTraining(model, TestModels.tinyData())) {
      assertEquals("MINILM_FINETUNED", more.info().architecture());
      assertEquals(model.labels(), more.labels());
      assertEquals(model.targets(), more.targets());
      StancePrediction before = model.classify("We strongly back their accession.", "alliance");
      StancePrediction after = more.classify("We strongly back their accession.", "alliance");
      assertFalse(java.util.Arrays.equals(probs(before), probs(after)), "a further epoch changed the model");
    }
  }
}
