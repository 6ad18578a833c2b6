package io.github.stance4j;

/**
 * Receives progress while {@link StanceTrainer} trains. Called on the training thread after every
 * epoch; an exception thrown by the listener stops training and reaches the caller of
 * {@code train}. The last call of a run has {@link TrainingProgress#last()} set and says why
 * training ended ({@link TrainingProgress#stopReason()}). A listener used by several trainers at
 * once is called from several threads.
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
