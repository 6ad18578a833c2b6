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
