package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

  @Test
  void roundTripsThroughAMap() {
    TrainingConfig c = TrainingConfig.defaults().withSeed(7).withArchitecture(TrainingConfig.Architecture.BILSTM).withDropout(0.25);
    assertEquals(c, TrainingConfig.fromMap(c.toMap()));
    assertEquals(TrainingConfig.defaults().withEpochs(3), TrainingConfig.fromMap(Map.of("epochs", "3")));
  }

  @Test
  void validatesEveryField() {
    assertEquals("epochs must be between 1 and 1000, was 0",
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withEpochs(0)).getMessage());
    assertEquals("learningRate must be in (0, 1], was NaN",
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withLearningRate(Double.NaN)).getMessage());
    assertEquals("validationFraction must be in [0, 0.5], was 0.6",
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withValidationFraction(0.6)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withBatchSize(0));
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withDropout(1));
    assertThrows(NullPointerException.class, () -> TrainingConfig.defaults().withArchitecture(null));
    assertEquals("training setting epochs has invalid value \"ten\"",
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromMap(Map.of("epochs", "ten"))).getMessage());
    assertEquals("training setting architecture has invalid value \"rnn\"",
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromMap(Map.of("architecture", "rnn"))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromMap(Map.of("colour", "red")));
    assertEquals("ngramWeight must be in [0, 1), was 1.0",
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withNgramWeight(1)).getMessage());
    assertEquals("ngramC must be in (0, 1e6], was 0.0",
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withNgramC(0)).getMessage());
  }

  /**
   * Only the fine-tuned recipe blends in an n-gram path by default; a config stored before 0.4.0
   * (no ngram settings) reads back without one, as it was trained.
   */
  @Test
  void ngramPathDefaults() {
    assertEquals(0.5, TrainingConfig.defaults(Tier.ACCURATE).ngramWeight());
    assertEquals(0.0, TrainingConfig.defaults().ngramWeight());
    assertEquals(0.0, TrainingConfig.defaults(TrainingConfig.Architecture.MINILM).ngramWeight());
    assertEquals(1000, TrainingConfig.defaults(Tier.ACCURATE).ngramC());
    Map<String, String> old = new java.util.LinkedHashMap<>(TrainingConfig.defaults(Tier.ACCURATE).toMap());
    old.remove("ngramWeight");
    old.remove("ngramC");
    assertEquals(0.0, TrainingConfig.fromMap(old).ngramWeight());
    TrainingConfig c = TrainingConfig.defaults().withNgramWeight(0.3).withNgramC(30);
    assertEquals(c, TrainingConfig.fromMap(c.toMap()));
  }

  /** Off by default; a config stored before 0.7.0 reads back without it; only true or false parse. */
  @Test
  void pretrainedEmbeddingsDefaultsAndParsing() {
    assertEquals(false, TrainingConfig.defaults().pretrainedEmbeddings());
    assertEquals(false, TrainingConfig.defaults(Tier.ACCURATE).pretrainedEmbeddings());
    Map<String, String> old = new java.util.LinkedHashMap<>(TrainingConfig.defaults().toMap());
    old.remove("pretrainedEmbeddings");
    assertEquals(TrainingConfig.defaults(), TrainingConfig.fromMap(old));
    TrainingConfig c = TrainingConfig.defaults().withPretrainedEmbeddings(true);
    assertEquals("true", c.toMap().get("pretrainedEmbeddings"));
    assertEquals(c, TrainingConfig.fromMap(c.toMap()));
    String msg = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.fromMap(Map.of("pretrainedEmbeddings", "yes"))).getMessage();
    assertTrue(msg.contains("pretrainedEmbeddings") && msg.contains("yes"), msg);
  }
}
