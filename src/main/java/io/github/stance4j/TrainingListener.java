package io.github.stance4j;

/**
 * Receives progress while {@link StanceTrainer} trains. Called on the training thread after every
 * epoch; an exception thrown by the listener stops training and reaches the caller of
 * {@code train}.
 */
@FunctionalInterface
public interface TrainingListener {

  /** Called after each epoch. */
  void onEpoch(TrainingProgress progress);

  /** A listener that does nothing. */
  static TrainingListener none() {
    return p -> {};
  }
}
