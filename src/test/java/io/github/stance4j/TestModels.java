package io.github.stance4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Shared fixtures: a tiny corpus and a small model trained on it once per JVM. */
final class TestModels {

  static final TrainingConfig TINY_CONFIG = TrainingConfig.defaults()
      .withEmbeddingSize(16).withHiddenSize(16).withEpochs(40).withValidationFraction(0)
      .withPatience(0).withDropout(0.1).withLearningRate(0.01).withBatchSize(8).withMinTokenCount(1);

  private static StanceClassifier tiny;

  private TestModels() {}

  static StanceDataset tinyData() {
    try (InputStream in = TestModels.class.getResourceAsStream("/tiny/tiny.csv")) {
      return StanceDataset.readCsv(in, "tiny.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized StanceClassifier tiny() {
    if (tiny == null) {
      tiny = new StanceTrainer(TINY_CONFIG).train(tinyData(), "alliance");
    }
    return tiny;
  }
}
