package io.github.stance4j.cli;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.Tier;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model} option shared by the commands that use a trained model. */
final class Models {

  @Option(names = "--model", paramLabel = "FILE", description = "Model file (default: the bundled model of --tier).")
  Path model;

  @Option(names = "--tier", paramLabel = "TIER",
      description = "Bundled model to use without --model: ACCURATE (default; the fine-tuned encoder, about 8 ms per "
          + "statement) or FAST (plain Java, about 0.1 ms per statement).")
  Tier tier = StanceClassifier.DEFAULT_TIER;

  /** Loads the model named by {@code --model}, or the bundled one of {@code --tier}. */
  StanceClassifier load() throws IOException {
    return model == null ? StanceClassifier.loadDefault(tier) : StanceClassifier.load(model);
  }

  /** How the model is named in output. */
  String describe() {
    return model == null ? "bundled " + tier.name().toLowerCase(java.util.Locale.ROOT) + " tier ("
        + (tier == Tier.FAST ? StanceClassifier.DEFAULT_MODEL_RESOURCE : StanceClassifier.ACCURATE_MODEL_RESOURCE) + ")"
        : model.toString();
  }
}
