package io.github.stance4j.cli;

import io.github.stance4j.StanceClassifier;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model} option shared by the commands that use a trained model. */
final class Models {

  @Option(names = "--model", paramLabel = "FILE", description = "Model file (default: the bundled model).")
  Path model;

  /** Loads the model named by {@code --model}, or the bundled one. */
  StanceClassifier load() throws IOException {
    return model == null ? StanceClassifier.loadDefault() : StanceClassifier.load(model);
  }

  /** How the model is named in output. */
  String describe() {
    return model == null ? "bundled (" + StanceClassifier.DEFAULT_MODEL_RESOURCE + ")" : model.toString();
  }
}
