package io.github.stance4j;

import java.time.Duration;

/**
 * Progress of a training run after one gradient step ({@link TrainingListener#onStep}).
 *
 * @param epoch the current epoch, from 1
 * @param epochs the maximum number of epochs
 * @param step the step just finished within the epoch, from 1
 * @param steps steps per epoch
 * @param loss the training loss of this step's batch
 * @param elapsed time since training started
 * @param remaining estimated time left if all epochs run, from the mean step time so far (the
 *     per-epoch validation is not included; early stopping may end sooner)
 */
public record TrainingStep(int epoch, int epochs, int step, int steps, double loss, Duration elapsed,
    Duration remaining) {}
