package io.github.stance4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a target given by a caller is matched to a model's targets: after trimming, an exact match
 * first; otherwise the one target equal to it ignoring case. An unknown target is an
 * {@link IllegalArgumentException} that names the closest known target when one is close, and lists
 * them all. Stateless and thread-safe. Internal.
 */
public final class Targets {

  private Targets() {}

  /**
   * The known target that {@code given} names.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if no known target matches, or several match ignoring case
   */
  public static String resolve(String given, List<String> known) {
    return resolve(given, known, "this model knows");
  }

  /**
   * As {@link #resolve(String, List)}, with {@code knownAre} introducing the list of known targets
   * in the message (for example {@code "the data's targets are"}).
   */
  public static String resolve(String given, List<String> known, String knownAre) {
    Objects.requireNonNull(given, "target");
    Objects.requireNonNull(known, "known");
    String g = given.strip();
    if (known.contains(g)) {
      return g;
    }
    List<String> ignoringCase = new ArrayList<>();
    for (String k : known) {
      if (k.equalsIgnoreCase(g)) {
        ignoringCase.add(k);
      }
    }
    if (ignoringCase.size() == 1) {
      return ignoringCase.get(0);
    }
    if (ignoringCase.size() > 1) {
      throw new IllegalArgumentException("target \"" + given + "\" matches " + ignoringCase
          + " ignoring case; give the exact spelling");
    }
    String close = closest(g, known);
    throw new IllegalArgumentException("unknown target \"" + given + "\"; "
        + (close == null ? knownAre : "did you mean \"" + close + "\"? "
            + Character.toUpperCase(knownAre.charAt(0)) + knownAre.substring(1)) + " " + known);
  }

  /**
   * The known target closest to {@code given}: the one with the fewest single-character edits,
   * ignoring case, if that is at most a third of its length (at least 1) and leaves a character of
   * each in common, or else the shortest
   * target containing {@code given} as whole words; {@code null} when none is close.
   */
  static String closest(String given, List<String> known) {
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      String kl = k.toLowerCase(Locale.ROOT);
      int d = distance(g, kl);
      if (d <= Math.max(1, kl.length() / 3) && d < Math.min(g.length(), kl.length()) && d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    if (best != null || g.isBlank()) {
      return best;
    }
    for (String k : known) {
      String padded = " " + k.toLowerCase(Locale.ROOT) + " ";
      if (padded.contains(" " + g + " ") && (best == null || k.length() < best.length())) {
        best = k;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
