package io.github.stance4j.cli;

import io.github.stance4j.StanceClassifier;
import java.io.IOException;
import java.nio.file.Path;

final class Models {
  private Models() {}

  static StanceClassifier load(Path model) throws IOException {
    return model == null ? StanceClassifier.loadDefault() : StanceClassifier.load(model);
  }
}
