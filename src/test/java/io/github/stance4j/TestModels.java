package io.github.stance4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Shared fixtures: a tiny corpus and a small model trained on it once per JVM. */
final class TestModels {

  static final TrainingConfig TINY_CONFIG = TrainingConfig.defaults()
      .withEmbeddingSize(16).withHiddenSize(16).withEpochs(40).withValidationFraction(0)
      .withPatience(0).withDropout(0.1).withLearningRate(0.01).withBatchSize(8).withMinTokenCount(1);

  /** The tiny config with a BiLSTM, which runs in DL4J (no Java kernel): the DL4J inference path. */
  static final TrainingConfig TINY_BILSTM_CONFIG = TINY_CONFIG
      .withArchitecture(TrainingConfig.Architecture.BILSTM).withEpochs(25);

  private static StanceClassifier tiny;
  private static StanceClassifier tinyBiLstm;

  private TestModels() {}

  static StanceDataset tinyData() {
    try (InputStream in = TestModels.class.getResourceAsStream("/tiny/tiny.csv")) {
      return StanceDataset.readCsv(in, "tiny.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The rows of {@code ../shared/realworld/dev.csv} whose label the model has (the stance rows);
   * skips the calling test when the file is not on this machine.
   */
  static StanceDataset realWorldStanceRows(java.util.List<StanceLabel> labels) throws IOException {
    java.nio.file.Path dev = java.nio.file.Path.of("../shared/realworld/dev.csv");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(dev),
        "no ../shared/realworld/dev.csv on this machine");
    java.util.List<StanceExample> stance = new java.util.ArrayList<>();
    for (StanceExample e : StanceDataset.readCsv(dev).examples()) {
      if (labels.contains(e.label())) {
        stance.add(e);
      }
    }
    return StanceDataset.of(stance);
  }

  /** A small BiLSTM trained on the tiny corpus once per JVM (fixed seed); runs in DL4J. */
  static synchronized StanceClassifier tinyBiLstm() {
    if (tinyBiLstm == null) {
      tinyBiLstm = new StanceTrainer(TINY_BILSTM_CONFIG).train(tinyData(), "alliance");
    }
    return tinyBiLstm;
  }

  static synchronized StanceClassifier tiny() {
    if (tiny == null) {
      tiny = new StanceTrainer(TINY_CONFIG).train(tinyData(), "alliance");
    }
    return tiny;
  }
}
