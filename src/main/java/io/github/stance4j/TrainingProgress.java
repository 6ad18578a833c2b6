package io.github.stance4j;

import java.time.Duration;

/**
 * Progress of a training run after one epoch, given to a {@link TrainingListener}. Immutable.
 *
 * <p>Instances are made by {@link StanceTrainer}. The canonical constructor is not part of the
 * stable API: a minor release may add a component (0.2.0 added {@code stopReason}). The accessors
 * are stable.
 *
 * @param epoch the epoch just finished, from 1
 * @param epochs the maximum number of epochs
 * @param loss mean training loss over the epoch's batches
 * @param validationMacroF1 macro-F1 on the validation split, or {@code NaN} when training has no
 *     validation split (a config with {@code validationFraction} 0, or training on fewer than
 *     {@link TrainingConfig#smallDataSize()} examples); test with {@link #hasValidation()}. This is
 *     the one value in stance4j's API that can be {@code NaN}.
 * @param best whether this epoch is the best so far (the one the trained model will keep)
 * @param elapsed time since training started
 * @param remaining estimated time left if all epochs run (early stopping may end sooner); zero
 *     after the last epoch
 * @param stopReason empty while training goes on; after the last epoch, why training ends and
 *     which epoch the model keeps, for example {@code "stopped early after epoch 9 of 30:
 *     validation macro-F1 did not improve for 6 epochs (patience 6); kept epoch 3 (validation
 *     macro-F1 0.4127)"}; never null. The trained model records it as
 *     {@link ModelInfo#stopReason()}.
 */
public record TrainingProgress(int epoch, int epochs, double loss, double validationMacroF1,
    boolean best, Duration elapsed, Duration remaining, String stopReason) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code elapsed}, {@code remaining} or {@code stopReason} is null
   */
  public TrainingProgress {
    java.util.Objects.requireNonNull(elapsed, "elapsed");
    java.util.Objects.requireNonNull(remaining, "remaining");
    java.util.Objects.requireNonNull(stopReason, "stopReason");
  }

  /** Whether this epoch was measured on a validation split ({@link #validationMacroF1()} is a number). */
  public boolean hasValidation() {
    return !Double.isNaN(validationMacroF1);
  }

  /** Whether this is the last epoch of the run ({@link #stopReason()} says why). */
  public boolean last() {
    return !stopReason.isEmpty();
  }
}
