package io.github.stance4j;

/**
 * Training or evaluation data that cannot be used: a CSV file with a missing column, broken
 * quoting, a blank statement, an unknown label, too few examples of a label, and so on. The
 * message names the file and line (when the data came from a file) and what to fix, for example
 * {@code "data/train.csv:17: blank statement"}. As a caller mistake it is an
 * {@link IllegalArgumentException}.
 *
 * <p>Called {@code DataFormatException} before 0.2.0; renamed so that it does not clash with
 * {@link java.util.zip.DataFormatException}. Instances are immutable.
 */
public class StanceDataException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  /**
   * Creates an exception about a place in a file.
   *
   * @param source the file name, or {@code null} for data built in code
   * @param line the 1-based line number, or 0 when not about one line
   * @param problem what is wrong and what to fix
   */
  public StanceDataException(String source, int line, String problem) {
    super(format(source, line, problem));
    this.source = source;
    this.line = line;
  }

  private static String format(String source, int line, String problem) {
    if (source == null) {
      return problem;
    }
    return line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem;
  }

  /** The file the problem is in, or {@code null} for data built in code. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when it is not about one line. */
  public int line() {
    return line;
  }
}
