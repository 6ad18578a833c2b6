package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.stance4j.Tier;
import io.github.stance4j.TrainingConfig;
import org.junit.jupiter.api.Test;

/** The number of targets a network takes, read from its configuration for each architecture. */
class ModelFileTargetsTest {

  @Test
  void readsTheTargetCountOfEveryArchitecture() {
    assertEquals(3L, ModelFile.networkTargets(Networks.build(TrainingConfig.defaults(), 50, 3, 3)));
    assertEquals(2L, ModelFile.networkTargets(Networks.build(
        TrainingConfig.defaults().withArchitecture(TrainingConfig.Architecture.BILSTM), 50, 2, 3)));
    assertEquals(4L, ModelFile.networkTargets(Networks.buildHead(TrainingConfig.defaults(TrainingConfig.Architecture.MINILM),
        MiniLmEncoder.DIMENSION, 4, 3)));
  }
}
