package io.github.stance4j;

import java.io.IOException;

/**
 * A model file that cannot be read: not a stance4j model, damaged, truncated, written by a newer
 * format version, or with entries that disagree with each other. The message names the problem,
 * for example {@code "model.zip: entry params.bin holds 1200 values, manifest expects 1296"}.
 * Thrown by {@link StanceClassifier#load(java.nio.file.Path)} and its variants; a classifier is
 * never partly loaded.
 */
public class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the problem. */
  public ModelFormatException(String message) {
    super(message);
  }

  /** Creates an exception with a message that names the problem and the underlying cause. */
  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
