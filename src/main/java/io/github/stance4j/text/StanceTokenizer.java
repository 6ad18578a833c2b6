package io.github.stance4j.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Normalises and tokenizes English news text for stance classification.
 *
 * <h2>Contract</h2>
 * {@link #tokenize(String)} applies these steps, in this order:
 * <ol>
 *   <li>HTML entities are decoded ({@code &amp;quot;} becomes {@code "}), with Apache Commons Text.</li>
 *   <li>Unicode NFKC normalisation; then accents and other combining marks are removed
 *       ({@code Vučić} becomes {@code vucic}).</li>
 *   <li>Typographic quotes become ASCII: {@code ‘ ’ ‚ ‛ ′ ʼ} become {@code '}, {@code “ ” „ ‟ ″ « »}
 *       become {@code "}. Dashes and hyphens ({@code - ‐ ‑ ‒ – — ― −}) separate words and are dropped,
 *       so {@code pro-Western} gives {@code pro western} and {@code non-aligned} gives
 *       {@code non aligned}.</li>
 *   <li>Lower-casing with {@link Locale#ROOT}.</li>
 *   <li>Contractions are expanded so that negation survives as its own token: {@code won't} gives
 *       {@code will not}, {@code can't} and {@code cannot} give {@code can not}, {@code isn't} gives
 *       {@code is not}, and every other {@code n't} gives its stem plus {@code not}; {@code 're},
 *       {@code 've}, {@code 'll}, {@code 'm} and {@code 'd} give {@code are}, {@code have},
 *       {@code will}, {@code am} and {@code would}. The clitic {@code 's} stays a token of its own.</li>
 *   <li>Tokens are words (letters and digits), abbreviations with dots ({@code u.s.}), numbers, and
 *       single punctuation or symbol characters. A number made only of digits (with optional
 *       separators) becomes {@link #NUMBER}. Whitespace, control characters, unpaired surrogates
 *       and other invisible characters separate tokens and never appear in one.</li>
 *   <li>At most {@link #maxTokens()} tokens are returned; the rest of the text is ignored. The text is
 *       cut to {@code 32 * maxTokens} characters before any other step, so the cost of a call is
 *       bounded whatever the input length.</li>
 * </ol>
 * The result is never {@code null}, may be empty (always for {@linkplain #isBlank(CharSequence)
 * blank} text), and is unmodifiable.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class StanceTokenizer {

  /** Token that replaces every number. */
  public static final String NUMBER = "<num>";

  /** Default cap on tokens per statement. */
  public static final int DEFAULT_MAX_TOKENS = 256;

  /** Version of these rules; stored in model files so that a model is read with the rules it was trained with. */
  public static final int VERSION = 1;

  private static final Pattern SINGLE_QUOTES = Pattern.compile("[\\u2018\\u2019\\u201A\\u201B\\u2032\\u02BC\\u0060\\u00B4]");
  private static final Pattern DOUBLE_QUOTES = Pattern.compile("[\\u201C\\u201D\\u201E\\u201F\\u2033\\u00AB\\u00BB]");
  private static final Pattern DASHES = Pattern.compile("[\\-\\u2010\\u2011\\u2012\\u2013\\u2014\\u2015\\u2212\\uFE58\\uFE63\\uFF0D]");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern WONT = Pattern.compile("\\bwon't\\b");
  private static final Pattern CANT = Pattern.compile("\\bcan(?:'t|not)\\b");
  private static final Pattern AINT = Pattern.compile("\\bain't\\b");
  private static final Pattern SHANT = Pattern.compile("\\bshan't\\b");
  private static final Pattern NT = Pattern.compile("(\\p{L})n't\\b");
  private static final Pattern CLITICS = Pattern.compile("(\\p{L})'(re|ve|ll|m|d)\\b");
  private static final Pattern TOKEN = Pattern.compile(
      "\\p{L}(?:\\.\\p{L})+\\.?"          // abbreviations: u.s., e.u.
          + "|'s\\b"                       // clitic 's
          + "|\\p{N}+(?:[.,]\\p{N}+)*(?![\\p{L}\\p{N}])" // numbers: 2008, 1,800, 2.5
          + "|[\\p{L}\\p{N}]+"             // words
          + "|[^\\s\\p{L}\\p{N}\\p{C}\\p{Z}]"); // one punctuation or symbol character
  private static final Pattern DIGITS = Pattern.compile("\\p{N}+(?:[.,]\\p{N}+)*");

  private static final StanceTokenizer DEFAULT = new StanceTokenizer(DEFAULT_MAX_TOKENS);

  private final int maxTokens;

  private StanceTokenizer(int maxTokens) {
    this.maxTokens = maxTokens;
  }

  /** Returns the tokenizer with {@link #DEFAULT_MAX_TOKENS}. */
  public static StanceTokenizer defaultTokenizer() {
    return DEFAULT;
  }

  /**
   * Returns a tokenizer that keeps at most {@code maxTokens} tokens.
   *
   * @throws IllegalArgumentException if {@code maxTokens} is not between 1 and 4096
   */
  public static StanceTokenizer withMaxTokens(int maxTokens) {
    if (maxTokens < 1 || maxTokens > 4096) {
      throw new IllegalArgumentException("maxTokens must be between 1 and 4096, was " + maxTokens);
    }
    return maxTokens == DEFAULT_MAX_TOKENS ? DEFAULT : new StanceTokenizer(maxTokens);
  }

  /**
   * Whether {@code text} is blank: it holds nothing but whitespace of any kind (the Unicode
   * White_Space characters, among them the no-break spaces U+00A0, U+2007 and U+202F and the
   * ideographic space U+3000), control characters, format characters (such as the zero-width space
   * U+200B and the byte-order mark U+FEFF), private-use characters and unpaired surrogates. Neither
   * this tokenizer nor {@link WordPieceTokenizer} reads a token from such text, so it carries
   * nothing to classify. This is the one test of blankness in stance4j: the classifier refuses
   * exactly these statements, and data files refuse them as blank statements, targets or labels.
   * The empty string is blank.
   *
   * <p>Unlike {@link String#isBlank()}, which knows only the whitespace of
   * {@link Character#isWhitespace(int)}, this sees every space character.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public static boolean isBlank(CharSequence text) {
    Objects.requireNonNull(text, "text");
    for (int i = 0; i < text.length(); ) {
      int cp = Character.codePointAt(text, i);
      if (!isBlank(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  private static boolean isBlank(int cp) {
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
        || type == Character.SURROGATE;
  }

  /** The cap on tokens returned by {@link #tokenize(String)}. */
  public int maxTokens() {
    return maxTokens;
  }

  /**
   * Returns the normalised text that tokens are read from (steps 1 to 5 of the contract).
   *
   * @throws NullPointerException if {@code text} is null
   */
  public String normalize(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.length() > 32 * maxTokens ? text.substring(0, 32 * maxTokens) : text;
    if (s.indexOf('&') >= 0) {
      s = StringEscapeUtils.unescapeHtml4(s);
    }
    s = Normalizer.normalize(s, Normalizer.Form.NFKC);
    s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    s = SINGLE_QUOTES.matcher(s).replaceAll("'");
    s = DOUBLE_QUOTES.matcher(s).replaceAll("\"");
    s = DASHES.matcher(s).replaceAll(" ");
    s = s.toLowerCase(Locale.ROOT);
    if (s.indexOf('\'') >= 0 || s.contains("cannot")) {
      s = WONT.matcher(s).replaceAll("will not");
      s = CANT.matcher(s).replaceAll("can not");
      s = AINT.matcher(s).replaceAll("is not");
      s = SHANT.matcher(s).replaceAll("shall not");
      s = NT.matcher(s).replaceAll("$1 not");
      s = CLITICS.matcher(s).replaceAll("$1 '$2");
      s = s.replace(" 're", " are").replace(" 've", " have").replace(" 'll", " will")
          .replace(" 'm", " am").replace(" 'd", " would");
    }
    return s;
  }

  /**
   * Splits {@code text} into normalised tokens following the class contract.
   *
   * @return an unmodifiable list of at most {@link #maxTokens()} non-empty tokens
   * @throws NullPointerException if {@code text} is null
   */
  public List<String> tokenize(String text) {
    String s = normalize(text);
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(s);
    while (m.find() && out.size() < maxTokens) {
      String t = m.group();
      if (Character.isSurrogate(t.charAt(0)) && t.length() == 1) {
        continue; // unpaired surrogate
      }
      out.add(DIGITS.matcher(t).matches() ? NUMBER : t);
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    return "StanceTokenizer{version=" + VERSION + ", maxTokens=" + maxTokens + "}";
  }
}
