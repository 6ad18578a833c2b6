package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExplanationTest {

  private static StanceClassifier fast;

  @BeforeAll
  static void load() {
    fast = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
  }

  @AfterAll
  static void close() {
    fast.close();
  }

  @Test
  void wordsKeepTheCallersTextAndOffsets() {
    String s = "  Moscow won't accept pro-Western Ukraine in NATO, the U.S. envoy said — “never”. ";
    StanceExplanation e = fast.explain(s);
    assertEquals(s, e.statement());
    List<String> words = new ArrayList<>();
    for (StanceExplanation.Word w : e.words()) {
      assertEquals(w.text(), s.substring(w.start(), w.end()));
      words.add(w.text());
    }
    assertEquals(List.of("Moscow", "won't", "accept", "pro-Western", "Ukraine", "in", "NATO", "the", "U.S",
        "envoy", "said", "never"), words);
    assertEquals(words.size() + 1, e.statementsClassified());
  }

  @Test
  void predictionIsClassifysAndContributionsCoverEveryLabel() {
    String s = "Finland's accession makes the whole alliance stronger, the Estonian prime minister said.";
    for (String target : fast.targets()) {
      StanceExplanation e = fast.explain(s, target);
      assertEquals(fast.classify(s, target), e.prediction());
      for (StanceExplanation.Word w : e.words()) {
        assertEquals(fast.labels(), List.copyOf(w.contributions().keySet()));
        // Probabilities sum to 1, so the changes of one removal sum to 0.
        double sum = w.contributions().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(0, sum, 1e-9);
      }
    }
  }

  @Test
  void aSingleWordIsMeasuredAgainstTheEmptyStatement() {
    StanceExplanation e = fast.explain("Welcome!");
    assertEquals(1, e.words().size());
    assertEquals(2, e.statementsClassified());
    StancePrediction empty = fast.explain("!").prediction(); // no words: what the model says to nothing
    assertEquals(0, fast.explain("!").words().size());
    StanceLabel l = e.prediction().label();
    assertEquals(e.prediction().probability(l) - empty.probability(l), e.contribution(0), 1e-9);
  }

  @Test
  void topWordsAreSortedPositiveContributions() {
    StanceExplanation e = fast.explain(
        "Moscow warned that it would take military-technical countermeasures if Sweden joined the bloc.");
    List<Integer> top = e.topWords(100);
    for (int i = 1; i < top.size(); i++) {
      assertTrue(e.contribution(top.get(i - 1)) >= e.contribution(top.get(i)));
    }
    for (int i = 0; i < e.words().size(); i++) {
      assertEquals(e.contribution(i) > 0, top.contains(i));
    }
    assertEquals(Math.min(2, top.size()), e.topWords(2).size());
    assertThrows(IllegalArgumentException.class, () -> e.topWords(-1));
    assertThrows(IllegalArgumentException.class, () -> e.topWords(1, StanceLabel.of("maybe")));
  }

  @Test
  void badArguments() {
    assertThrows(NullPointerException.class, () -> fast.explain(null));
    assertThrows(NullPointerException.class, () -> fast.explain("x", null));
    assertThrows(IllegalArgumentException.class, () -> fast.explain(" \n"));
    assertThrows(IllegalArgumentException.class, () -> fast.explain("x", "the moon"));
    StanceClassifier closed = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
    closed.close();
    assertThrows(IllegalStateException.class, () -> closed.explain("Not until the war ends."));
  }

  /** A network reads only the first maxTokens tokens: a word after them changes nothing. */
  @Test
  void wordsPastTheTokenCapContributeNothingWithoutAnNgramPath() {
    StanceClassifier tiny = TestModels.tiny();
    StanceExplanation e = tiny.explain(pastTheCap(tiny, "warmly welcomed"), "alliance");
    assertEquals(e.words().size() + 1, e.statementsClassified());
    assertEquals("welcomed", e.words().get(e.words().size() - 1).text());
    assertEquals(0, e.contribution(e.words().size() - 1), 1e-12);
    // the same words before the cap do count
    StanceExplanation before = tiny.explain("Moscow warned it would respond; the minister warmly welcomed it.", "alliance");
    assertTrue(Math.abs(before.contribution(before.words().size() - 2)) > 1e-6, before.toString());
  }

  /**
   * The bundled fast model has an n-gram path, which reads the whole statement: a word after the
   * network's cap still counts, through that path alone.
   */
  @Test
  void wordsPastTheTokenCapCountThroughTheNgramPath() {
    StanceExplanation e = fast.explain(pastTheCap(fast, "welcome"));
    assertEquals("welcome", e.words().get(e.words().size() - 1).text());
    assertTrue(Math.abs(e.contribution(e.words().size() - 1)) > 1e-4, e.toString());
  }

  /** A statement whose last words come after {@code c}'s token cap. */
  private static String pastTheCap(StanceClassifier c, String last) {
    StringBuilder sb = new StringBuilder("Moscow warned it would respond if Sweden joined the bloc.");
    for (int i = 0; i < c.maxTokens(); i++) {
      sb.append(" filler");
    }
    return sb.append(' ').append(last).toString();
  }

  @Test
  void fastTierIsFaithfulOnHeldOutData() throws IOException {
    assertFaithful(fast, heldOut(Integer.MAX_VALUE));
  }

  @Test
  void accurateTierIsFaithfulOnHeldOutData() throws IOException {
    try (StanceClassifier accurate = StanceClassifier.loadDefault(Tier.ACCURATE)) {
      assertFaithful(accurate, heldOut(60));
    }
  }

  /** The first {@code max} held-out statements (fixed order) of at least 8 words. */
  static List<StanceExample> heldOut(int max) throws IOException {
    List<StanceExample> out = new ArrayList<>();
    List<StanceExample> all = new ArrayList<>(StanceDataset.readCsv(Path.of("training-data/heldout")).examples());
    Collections.shuffle(all, new Random(12));
    for (StanceExample e : all) {
      if (out.size() < max && StanceExplanation.wordSpans(e.statement()).size() >= 8) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * For k = 1, 3 and 5: removing the k words with the largest contribution to the winning label
   * lowers its probability more, on average over the statements, than removing k random words
   * (seed 12), and does so on more statements than the reverse.
   */
  static void assertFaithful(StanceClassifier c, List<StanceExample> data) {
    Random random = new Random(12);
    List<StanceExplanation> explanations = new ArrayList<>();
    for (StanceExample ex : data) {
      explanations.add(c.explain(ex.statement(), ex.target()));
    }
    for (int k : new int[] {1, 3, 5}) {
      double topDrop = 0;
      double randomDrop = 0;
      int topWins = 0;
      int randomWins = 0;
      for (int i = 0; i < data.size(); i++) {
        StanceExplanation e = explanations.get(i);
        List<Integer> order = new ArrayList<>();
        for (int w = 0; w < e.words().size(); w++) {
          order.add(w);
        }
        List<Integer> shuffled = new ArrayList<>(order);
        Collections.shuffle(shuffled, random);
        order.sort(Comparator.comparingDouble((Integer w) -> -e.contribution(w)));
        String t = data.get(i).target();
        List<StancePrediction> p = c.classifyAll(List.of(nonBlank(without(e, order.subList(0, k))),
            nonBlank(without(e, shuffled.subList(0, k)))), t);
        StanceLabel l = e.prediction().label();
        double p0 = e.prediction().probability(l);
        double dTop = p0 - p.get(0).probability(l);
        double dRandom = p0 - p.get(1).probability(l);
        topDrop += dTop;
        randomDrop += dRandom;
        topWins += dTop > dRandom ? 1 : 0;
        randomWins += dRandom > dTop ? 1 : 0;
      }
      int n = data.size();
      System.out.printf(Locale.ROOT, "%s, k=%d, %d statements: mean drop of the winning label's probability %.4f "
              + "removing the top words, %.4f removing random words; top larger on %d, random on %d%n",
          c.info().tier(), k, n, topDrop / n, randomDrop / n, topWins, randomWins);
      assertTrue(topDrop / n > randomDrop / n, "k=" + k + ": top " + topDrop / n + " vs random " + randomDrop / n);
      assertTrue(topWins > randomWins, "k=" + k + ": top wins " + topWins + " vs random wins " + randomWins);
    }
  }

  /** The statement with the given words removed. */
  static String without(StanceExplanation e, List<Integer> remove) {
    List<Integer> r = new ArrayList<>(remove);
    r.sort(Comparator.reverseOrder());
    String s = e.statement();
    for (int i : r) {
      StanceExplanation.Word w = e.words().get(i);
      s = s.substring(0, w.start()) + s.substring(w.end());
    }
    return s;
  }

  private static String nonBlank(String s) {
    return s.isBlank() ? "." : s;
  }
}
