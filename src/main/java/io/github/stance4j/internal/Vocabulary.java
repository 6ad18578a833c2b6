package io.github.stance4j.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word-to-index map of a model. Index 0 is padding and index 1 stands for every word not in the
 * vocabulary. Immutable and thread-safe. Internal: not part of the public API.
 */
public final class Vocabulary {

  public static final String PAD = "<pad>";
  public static final String UNK = "<unk>";
  public static final int PAD_ID = 0;
  public static final int UNK_ID = 1;

  private final List<String> words;
  private final Map<String, Integer> ids;

  private Vocabulary(List<String> words) {
    this.words = Collections.unmodifiableList(new ArrayList<>(words));
    Map<String, Integer> m = new HashMap<>(words.size() * 2);
    for (int i = 0; i < words.size(); i++) {
      if (m.putIfAbsent(words.get(i), i) != null) {
        throw new IllegalArgumentException("word \"" + words.get(i) + "\" appears twice, at lines "
            + (m.get(words.get(i)) + 1) + " and " + (i + 1));
      }
    }
    this.ids = m;
  }

  /**
   * Builds a vocabulary from tokenized statements: every word occurring at least {@code minCount}
   * times, most frequent first, ties in alphabetical order (so the result is deterministic).
   */
  public static Vocabulary build(List<List<String>> statements, int minCount) {
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> s : statements) {
      for (String w : s) {
        counts.merge(w, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> {
      int c = Integer.compare(b.getValue(), a.getValue());
      return c != 0 ? c : a.getKey().compareTo(b.getKey());
    });
    List<String> words = new ArrayList<>();
    words.add(PAD);
    words.add(UNK);
    for (Map.Entry<String, Integer> e : entries) {
      if (e.getValue() >= minCount && !e.getKey().equals(PAD) && !e.getKey().equals(UNK)) {
        words.add(e.getKey());
      }
    }
    return new Vocabulary(words);
  }

  /**
   * Reads the words, one per line, index = line number - 1.
   *
   * @throws IllegalArgumentException if the first two lines are not the padding and unknown
   *     markers, a line is empty, or a word appears twice
   */
  public static Vocabulary fromLines(List<String> lines) {
    if (lines.size() < 2 || !PAD.equals(lines.get(0)) || !UNK.equals(lines.get(1))) {
      throw new IllegalArgumentException("must start with the lines " + PAD + " and " + UNK);
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) {
        throw new IllegalArgumentException("line " + (i + 1) + " is empty");
      }
    }
    return new Vocabulary(lines);
  }

  /** The words in index order. */
  public List<String> words() {
    return words;
  }

  public int size() {
    return words.size();
  }

  /** The index of {@code word}, or {@link #UNK_ID}. */
  public int id(String word) {
    Integer i = ids.get(word);
    return i == null ? UNK_ID : i;
  }
}
