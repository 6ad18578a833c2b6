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

  /**
   * Called after each gradient step by trainings whose steps are slow enough to report
   * ({@link TrainingConfig.Architecture#MINILM_FINETUNED}, seconds per step); the other
   * architectures report epochs only. Does nothing by default.
   */
  default void onStep(TrainingStep step) {}

  /** A listener that does nothing. */
  static TrainingListener none() {
    return p -> {};
  }
}
