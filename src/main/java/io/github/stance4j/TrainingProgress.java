package io.github.stance4j;

import java.time.Duration;

/**
 * Progress of a training run after one epoch.
 *
 * @param epoch the epoch just finished, from 1
 * @param epochs the maximum number of epochs
 * @param loss mean training loss over the epoch's batches
 * @param validationMacroF1 macro-F1 on the validation split, or {@code NaN} when the config has
 *     no validation split
 * @param best whether this epoch is the best so far (the one the trained model will keep)
 * @param elapsed time since training started
 * @param remaining estimated time left if all epochs run (early stopping may end sooner)
 */
public record TrainingProgress(int epoch, int epochs, double loss, double validationMacroF1,
    boolean best, Duration elapsed, Duration remaining) {}
