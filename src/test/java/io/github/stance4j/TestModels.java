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

  /** The tiny config with an n-gram path of weight 0.5 beside the CNN. */
  static final TrainingConfig TINY_NGRAM_CONFIG = TINY_CONFIG.withNgramWeight(0.5).withNgramC(100);

  private static StanceClassifier tiny;
  private static StanceClassifier tinyNgram;
  private static StanceClassifier tinyBiLstm;

  private TestModels() {}

  static StanceDataset tinyData() {
    try (InputStream in = TestModels.class.getResourceAsStream("/tiny/tiny.csv")) {
      return StanceDataset.readCsv(in, "tiny.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real-world dev set, read relative to the working directory (the project's root). */
  static final java.nio.file.Path REAL_WORLD_DEV = java.nio.file.Path.of("../shared/realworld/dev.csv");
  /**
   * SHA-256 and data rows of the dev set every dev figure in the README and the tests was measured
   * on. A different file fails the tests that read it, instead of silently measuring something
   * else: re-measure the figures, then update these two constants.
   */
  static final String REAL_WORLD_DEV_SHA256 = "ff7b4e5682567b4f1ee871275d8cf25004425aab0890bca2d5467749457cfd2f";
  static final int REAL_WORLD_DEV_ROWS = 100;

  /**
   * Every row of {@link #REAL_WORLD_DEV}; skips the calling test when the file is not on this
   * machine (a user's machine will not have it) and fails it when the file is not the pinned one.
   */
  static StanceDataset realWorldDev() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(REAL_WORLD_DEV),
        "no ../shared/realworld/dev.csv on this machine");
    return checkedRealWorldDev(REAL_WORLD_DEV);
  }

  /** Reads {@code file}, failing unless it has the pinned SHA-256 and row count. */
  static StanceDataset checkedRealWorldDev(java.nio.file.Path file) throws IOException {
    byte[] bytes = java.nio.file.Files.readAllBytes(file);
    String sha;
    try {
      sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    org.junit.jupiter.api.Assertions.assertEquals(REAL_WORLD_DEV_SHA256, sha, file + " is not the dev set the"
        + " README's figures were measured on (SHA-256 differs); re-measure them, then update"
        + " TestModels.REAL_WORLD_DEV_SHA256 and REAL_WORLD_DEV_ROWS");
    StanceDataset d = StanceDataset.readCsv(file);
    org.junit.jupiter.api.Assertions.assertEquals(REAL_WORLD_DEV_ROWS, d.size(), file + ": data rows");
    return d;
  }

  /** The dev rows whose label the model has (the 87 stance rows); see {@link #realWorldDev()}. */
  static StanceDataset realWorldStanceRows(java.util.List<StanceLabel> labels) throws IOException {
    java.util.List<StanceExample> stance = new java.util.ArrayList<>();
    for (StanceExample e : realWorldDev().examples()) {
      if (labels.contains(e.label())) {
        stance.add(e);
      }
    }
    return StanceDataset.of(stance);
  }

  /** The 13 dev rows labelled {@code none} (no stance toward the target); see {@link #realWorldDev()}. */
  static java.util.List<StanceExample> realWorldNoneRows() throws IOException {
    java.util.List<StanceExample> none = new java.util.ArrayList<>();
    for (StanceExample e : realWorldDev().examples()) {
      if (e.label().name().equals("none")) {
        none.add(e);
      }
    }
    return none;
  }

  /** A small BiLSTM trained on the tiny corpus once per JVM (fixed seed); runs in DL4J. */
  static synchronized StanceClassifier tinyBiLstm() {
    if (tinyBiLstm == null) {
      tinyBiLstm = new StanceTrainer(TINY_BILSTM_CONFIG).train(tinyData(), "alliance");
    }
    return tinyBiLstm;
  }

  /** The tiny CNN with an n-gram path ({@link #TINY_NGRAM_CONFIG}), trained once per JVM. */
  static synchronized StanceClassifier tinyNgram() {
    if (tinyNgram == null) {
      tinyNgram = new StanceTrainer(TINY_NGRAM_CONFIG).train(tinyData(), "alliance");
    }
    return tinyNgram;
  }

  static synchronized StanceClassifier tiny() {
    if (tiny == null) {
      tiny = new StanceTrainer(TINY_CONFIG).train(tinyData(), "alliance");
    }
    return tiny;
  }
}
