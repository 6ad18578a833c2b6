package io.github.stance4j;

import io.github.stance4j.text.StanceTokenizer;
import java.util.Objects;

/**
 * One labelled statement: the stance of {@code statement} toward {@code target} is {@code label}.
 *
 * @param statement the text; not blank (see {@link StanceTokenizer#isBlank(CharSequence)})
 * @param target the position the stance is about, for example {@code NATO enlargement}; not blank,
 *     stored trimmed
 * @param label the stance
 */
public record StanceExample(String statement, String target, StanceLabel label) {

  /**
   * Validates the example.
   *
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if the statement or target is blank
   */
  public StanceExample {
    target = checkedTarget(statement, target);
    Objects.requireNonNull(label, "label");
  }

  /** Creates an example, parsing the label name with {@link StanceLabel#of(String)}. */
  public static StanceExample of(String statement, String target, String label) {
    return new StanceExample(statement, target, StanceLabel.of(label));
  }

  /**
   * Checks a statement and its target as {@link StanceExample} and {@link StanceQuery} take them,
   * and returns the target stripped.
   */
  static String checkedTarget(String statement, String target) {
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(target, "target");
    if (StanceTokenizer.isBlank(statement)) {
      throw new IllegalArgumentException("blank statement");
    }
    String t = target.strip();
    if (StanceTokenizer.isBlank(t)) {
      throw new IllegalArgumentException("blank target for statement \"" + abbreviate(statement) + "\"");
    }
    return t;
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
