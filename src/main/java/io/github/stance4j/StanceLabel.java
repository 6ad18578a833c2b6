package io.github.stance4j;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stance label such as {@code support}. Label sets come from the training data, so a label is a
 * validated name rather than a fixed enum; the four labels of the bundled models are available as
 * constants. {@link #NONE} is the one label that is not a stance: see
 * {@link StancePrediction#hasStance()}.
 *
 * <p>Names are lower-cased and trimmed on creation, and must consist of letters, digits, {@code _}
 * or {@code -} (at most 64 characters). Two labels are equal when their names are equal.
 * {@link #toString()} returns the name. Instances are immutable and thread-safe.
 */
public final class StanceLabel implements Comparable<StanceLabel> {

  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_-]{1,64}");

  /** Favours the target without conditions. */
  public static final StanceLabel SUPPORT = new StanceLabel("support");
  /** Rejects, condemns, or demands a halt or reversal of the target. */
  public static final StanceLabel OPPOSITION = new StanceLabel("opposition");
  /** Accepts the target only under conditions, later, or without a timetable. */
  public static final StanceLabel CONDITIONAL = new StanceLabel("conditional");
  /**
   * Takes no stance toward the target: factual or procedural reporting, a question, a refusal to
   * comment, a neutral account of others' disagreement, or another topic. A user's own data may
   * use this name for its no-stance label too; {@link StancePrediction#hasStance()} is false for
   * it.
   */
  public static final StanceLabel NONE = new StanceLabel("none");

  private final String name;

  private StanceLabel(String name) {
    this.name = name;
  }

  /**
   * Returns the label with this name, after trimming and lower-casing it.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if the name is blank, longer than 64 characters or contains
   *     characters other than letters, digits, {@code _} and {@code -}; the message quotes the name
   */
  public static StanceLabel of(String name) {
    Objects.requireNonNull(name, "name");
    String n = name.strip().toLowerCase(java.util.Locale.ROOT);
    if (!NAME.matcher(n).matches()) {
      throw new IllegalArgumentException(
          "invalid label \"" + name + "\": a label is 1 to 64 letters, digits, '_' or '-'");
    }
    switch (n) {
      case "support":
        return SUPPORT;
      case "opposition":
        return OPPOSITION;
      case "conditional":
        return CONDITIONAL;
      case "none":
        return NONE;
      default:
        return new StanceLabel(n);
    }
  }

  /** The label's name, lower case. */
  public String name() {
    return name;
  }

  @Override
  public int compareTo(StanceLabel o) {
    return name.compareTo(o.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StanceLabel && ((StanceLabel) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** Returns {@link #name()}, for example {@code opposition}. */
  @Override
  public String toString() {
    return name;
  }
}
