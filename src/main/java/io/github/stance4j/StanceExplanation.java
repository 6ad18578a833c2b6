package io.github.stance4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a {@link StanceClassifier} gave a statement its label: the {@link #prediction()} and, for
 * every word of the statement as the caller wrote it, how much that word moved the probability of
 * each label. Made by {@link StanceClassifier#explain(String, String)}.
 *
 * <h2>What a contribution means</h2>
 * The contribution of a word to a label is measured by occlusion: the statement is classified again
 * without the word, and the contribution is how much higher the label's probability is with the
 * word than without it. A positive contribution means the word raised the label's probability;
 * negative means it lowered it; the contributions of one word to all labels sum to 0. Contributions are in probability
 * units, so they are comparable between words and statements. They are measured on the model
 * itself, not approximated, so they are faithful to it: on held-out statements, removing the words
 * with the largest contributions to the winning label lowers its probability more than removing
 * as many random words ({@code ExplanationTest}). Leaving out two-word spans as well (each
 * word's share averaged over the spans holding it) was measured and is not done: it doubled the
 * cost and was less faithful by that test (README, "Explanations and
 * the evaluation report").
 *
 * <h2>Words</h2>
 * A word is a run of letters and digits, which may contain apostrophes, hyphens and dots between
 * letters or digits ({@code won't}, {@code pro-Western}, {@code U.S}). Punctuation and spaces are
 * not words and are never removed. {@link Word#start()} and {@link Word#end()} are UTF-16 offsets
 * into {@link #statement()}, which is the caller's string unchanged, so
 * {@code statement().substring(w.start(), w.end()).equals(w.text())}.
 *
 * <h2>Contract</h2>
 * Instances are immutable and thread-safe. No method returns {@code null}; methods taking a label
 * throw {@link NullPointerException} for {@code null} and {@link IllegalArgumentException} for a
 * label the model does not have.
 */
public final class StanceExplanation {

  /** What counts as a word: letters and digits, joined by ' ’ - ‐ or . between them. */
  static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\\u2019\\-\\u2010.][\\p{L}\\p{N}]+)*");

  private final String statement;
  private final StancePrediction prediction;
  private final List<Word> words;
  private final int statementsClassified;

  /**
   * One word of the statement with its contribution to each label.
   *
   * @param text the word as written in the statement
   * @param start offset of its first UTF-16 char in the statement
   * @param end offset just after its last char
   * @param contributions change in each label's probability that the word accounts for, in the
   *     model's label order; unmodifiable
   */
  public record Word(String text, int start, int end, Map<StanceLabel, Double> contributions) {

    /** Creates a word; the map is copied. */
    public Word {
      Objects.requireNonNull(text, "text");
      contributions = Collections.unmodifiableMap(new LinkedHashMap<>(contributions));
    }

    /**
     * The word's contribution to {@code label}.
     *
     * @throws IllegalArgumentException if the model has no such label
     */
    public double contribution(StanceLabel label) {
      Double c = contributions.get(Objects.requireNonNull(label, "label"));
      if (c == null) {
        throw new IllegalArgumentException("unknown label \"" + label + "\"; labels are " + contributions.keySet());
      }
      return c;
    }
  }

  StanceExplanation(String statement, StancePrediction prediction, List<Word> words, int statementsClassified) {
    this.statement = statement;
    this.prediction = prediction;
    this.words = List.copyOf(words);
    this.statementsClassified = statementsClassified;
  }

  /** The statement, exactly as given. */
  public String statement() {
    return statement;
  }

  /** The prediction for the whole statement, equal to what {@code classify} returns for it. */
  public StancePrediction prediction() {
    return prediction;
  }

  /** The words, in order of appearance; unmodifiable; empty if the statement has none. */
  public List<Word> words() {
    return words;
  }

  /** The contribution of word {@code i} to the winning label, {@code prediction().label()}. */
  public double contribution(int i) {
    return words.get(i).contribution(prediction.label());
  }

  /**
   * Indices of the (at most) {@code k} words with the largest contribution to the winning label,
   * largest first; only words with a positive contribution are included. Ties keep word order.
   *
   * @throws IllegalArgumentException if {@code k} is negative
   */
  public List<Integer> topWords(int k) {
    return top(k, prediction.label());
  }

  /**
   * Indices of the (at most) {@code k} words with the largest positive contribution to
   * {@code label}, largest first.
   *
   * @throws IllegalArgumentException if {@code k} is negative or the model has no such label
   */
  public List<Integer> topWords(int k, StanceLabel label) {
    prediction.probability(label);
    return top(k, label);
  }

  private List<Integer> top(int k, StanceLabel label) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, was " + k);
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).contribution(label) > 0) {
        idx.add(i);
      }
    }
    idx.sort(Comparator.comparingDouble((Integer i) -> -words.get(i).contribution(label)));
    return Collections.unmodifiableList(new ArrayList<>(idx.subList(0, Math.min(k, idx.size()))));
  }

  /**
   * How many statements the model classified to make this explanation: {@code n + 1} for
   * {@code n} words (the statement itself, and the statement without each word).
   */
  public int statementsClassified() {
    return statementsClassified;
  }

  /** For example {@code opposition (0.912) toward "NATO enlargement" because: warned +0.31, ...}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(prediction.toString());
    List<Integer> top = topWords(5);
    if (!top.isEmpty()) {
      sb.append(" because:");
      for (int i : top) {
        sb.append(String.format(java.util.Locale.ROOT, " %s %+.3f", words.get(i).text(), contribution(i)));
      }
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- occlusion

  /** Word spans {start, end} of a statement, in order. */
  static List<int[]> wordSpans(String statement) {
    List<int[]> out = new ArrayList<>();
    Matcher m = WORD.matcher(statement);
    while (m.find()) {
      out.add(new int[] {m.start(), m.end()});
    }
    return out;
  }

  /** The statement without word {@code i} and the whitespace char before it, if any. */
  static String without(String statement, List<int[]> spans, int i) {
    int cut = spans.get(i)[0];
    int end = spans.get(i)[1];
    // Take one whitespace char before the cut too, so "a b c" without b is "a c".
    if (cut > 0 && Character.isWhitespace(statement.charAt(cut - 1))) {
      cut--;
    }
    return statement.substring(0, cut) + statement.substring(end);
  }

  /** The statements to classify to explain {@code statement}: itself, then without each word. */
  static List<String> variants(String statement, List<int[]> spans) {
    List<String> v = new ArrayList<>(spans.size() + 1);
    v.add(statement);
    for (int i = 0; i < spans.size(); i++) {
      v.add(without(statement, spans, i));
    }
    return v;
  }

  /** Builds the explanation from the predictions of {@link #variants}, in the same order. */
  static StanceExplanation fromPredictions(String statement, List<int[]> spans, List<StanceLabel> labels,
      List<StancePrediction> preds) {
    StancePrediction full = preds.get(0);
    List<Word> words = new ArrayList<>(spans.size());
    for (int w = 0; w < spans.size(); w++) {
      StancePrediction p = preds.get(w + 1);
      Map<StanceLabel, Double> c = new LinkedHashMap<>();
      for (StanceLabel l : labels) {
        c.put(l, full.probability(l) - p.probability(l));
      }
      words.add(new Word(statement.substring(spans.get(w)[0], spans.get(w)[1]), spans.get(w)[0], spans.get(w)[1], c));
    }
    return new StanceExplanation(statement, full, words, preds.size());
  }
}
