package io.github.stance4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stance of one statement toward one target, as predicted by a {@link StanceClassifier}.
 *
 * <p>{@link #probabilities()} holds one probability for every label of the model, in the model's
 * label order; they are finite, between 0 and 1, and sum to 1 (within floating-point rounding).
 * {@link #label()} is the label with the highest probability (the first in label order on a tie)
 * and {@link #confidence()} is its probability. Instances are immutable and thread-safe.
 */
public final class StancePrediction {

  private final String target;
  private final StanceLabel label;
  private final double confidence;
  private final Map<StanceLabel, Double> probabilities;

  /**
   * Creates a prediction from a probability per label.
   *
   * @param target the target the stance is toward
   * @param labels the model's labels, in order
   * @param probabilities one probability per label, same order
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if the sizes differ, the list is empty, or a probability is
   *     not finite or outside [0, 1], or they do not sum to 1 within 1e-3
   */
  public StancePrediction(String target, List<StanceLabel> labels, double[] probabilities) {
    this.target = Objects.requireNonNull(target, "target");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(probabilities, "probabilities");
    if (labels.isEmpty() || labels.size() != probabilities.length) {
      throw new IllegalArgumentException("expected " + labels.size() + " probabilities, found "
          + probabilities.length);
    }
    Map<StanceLabel, Double> map = new LinkedHashMap<>();
    double sum = 0;
    int best = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probability of " + labels.get(i) + " is " + p);
      }
      sum += p;
      if (p > probabilities[best]) {
        best = i;
      }
      map.put(Objects.requireNonNull(labels.get(i), "label"), p);
    }
    if (Math.abs(sum - 1) > 1e-3) {
      throw new IllegalArgumentException("probabilities sum to " + sum + ", not 1");
    }
    this.label = labels.get(best);
    this.confidence = probabilities[best];
    this.probabilities = Collections.unmodifiableMap(map);
  }

  /** The winning label. */
  public StanceLabel label() {
    return label;
  }

  /**
   * Whether the winning label is a stance, that is anything but {@link StanceLabel#NONE}. For a
   * model without a {@code none} label this is always true. To also treat an unsure prediction as
   * no answer, compare {@link #confidence()} with a threshold chosen on your own data (the README's
   * "Abstaining" section gives the measured trade-off for the bundled models).
   */
  public boolean hasStance() {
    return !label.equals(StanceLabel.NONE);
  }

  /** The probability of {@link #label()}. */
  public double confidence() {
    return confidence;
  }

  /** Every label of the model with its probability, in the model's label order; unmodifiable. */
  public Map<StanceLabel, Double> probabilities() {
    return probabilities;
  }

  /**
   * The probability of {@code label}.
   *
   * @throws IllegalArgumentException if the model has no such label
   */
  public double probability(StanceLabel label) {
    Double p = probabilities.get(Objects.requireNonNull(label, "label"));
    if (p == null) {
      throw new IllegalArgumentException("unknown label \"" + label + "\"; labels are "
          + probabilities.keySet());
    }
    return p;
  }

  /** The target the stance is toward. */
  public String target() {
    return target;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StancePrediction)) {
      return false;
    }
    StancePrediction p = (StancePrediction) o;
    return target.equals(p.target) && probabilities.equals(p.probabilities);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, probabilities);
  }

  /** For example {@code opposition (0.912) toward "NATO enlargement"}. */
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%s (%.3f) toward \"%s\"", label, confidence, target);
  }
}
