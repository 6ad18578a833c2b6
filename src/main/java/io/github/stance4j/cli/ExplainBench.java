package io.github.stance4j.cli;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceExplanation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code bench --explain}: latency of {@link StanceClassifier#explain} on statements of about 30 words. */
final class ExplainBench {

  private ExplainBench() {}

  /** Words as {@link StanceExplanation} counts them. */
  static int words(String s) {
    return (int) java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+(?:['\\u2019\\-\\u2010.][\\p{L}\\p{N}]+)*")
        .matcher(s).results().count();
  }

  /**
   * Times {@code iterations} explanations of the statements of 28 to 32 words in {@code pool}
   * (or, if it has none, of a built-in 30-word statement), after a warm-up, and prints the
   * distribution with the machine's load average before and after.
   */
  static void run(StanceClassifier c, List<String> pool, int iterations, PrintWriter out) {
    List<String> statements = new ArrayList<>();
    for (String s : pool) {
      int w = words(s);
      if (w >= 28 && w <= 32) {
        statements.add(s);
      }
    }
    if (statements.isEmpty()) {
      statements.add("Kyiv cannot become a member while the war continues, but the door remains open for the "
          + "future, the chancellor told reporters after two days of talks in Vilnius and Warsaw.");
    }
    double meanWords = statements.stream().mapToInt(ExplainBench::words).average().orElse(0);
    out.println("load average before: " + loadAverage());
    for (int i = 0; i < Math.max(50, iterations / 10); i++) {
      c.explain(statements.get(i % statements.size()));
    }
    long[] ns = new long[iterations];
    long classified = 0;
    for (int i = 0; i < iterations; i++) {
      String s = statements.get(i % statements.size());
      long a = System.nanoTime();
      StanceExplanation e = c.explain(s);
      ns[i] = System.nanoTime() - a;
      classified += e.statementsClassified();
    }
    Arrays.sort(ns);
    out.printf(Locale.ROOT, "explain (%d calls over %d statements of %.1f words on average, %.1f statements "
            + "classified per call): mean %.2f ms, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n",
        iterations, statements.size(), meanWords, classified / (double) iterations,
        Arrays.stream(ns).average().orElse(0) / 1e6, ns[ns.length / 2] / 1e6, ns[(int) (ns.length * 0.9)] / 1e6,
        ns[(int) (ns.length * 0.99)] / 1e6);
    out.println("load average after: " + loadAverage());
    out.flush();
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
