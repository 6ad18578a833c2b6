package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Text nobody checked: every non-blank string is classified into a valid distribution. */
class RobustInputTest {

  static StanceClassifier model;

  @BeforeAll
  static void load() {
    model = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static void assertValid(StancePrediction p) {
    assertEquals(model.labels(), new ArrayList<>(p.probabilities().keySet()));
    double sum = 0;
    for (double v : p.probabilities().values()) {
      assertTrue(v >= 0 && v <= 1 && Double.isFinite(v), "probability " + v);
      sum += v;
    }
    assertEquals(1.0, sum, 1e-6);
    assertEquals(p.probability(p.label()), p.confidence());
  }

  static List<String> oddInputs() {
    return List.of(
        "control\u0001chars\u0007and\u001Bescape",
        "NUL\u0000inside\u0000the text",
        "lone high \uD83D surrogate and lone low \uDC00 one",
        "emoji 🇺🇦🇷🇺🤝🏽🔥 and 𝕄𝕒𝕥𝕙 letters 𠜎",
        "right-to-left: \u202Eesrever\u202C لا للناتو אין הצטרפות",
        "combining marks: N\u0301A\u0308T\u0323O\u0336 z\u0351\u0352a\u0353\u0354l\u0355g\u0356o",
        "НАТО не должно расширяться, заявил министр.",
        "北约东扩是错误的",
        "x",
        ".",
        "https://example.org/news?id=123&ref=nato#section",
        "?!?!... --- ;;; ***",
        "\u200B\u200Bzero width\u200B",
        "\uFEFFbyte order mark",
        "\uFFFF\uFFFE noncharacters",
        "tabs\tand\nnewlines\r\nmixed",
        "won't won't won't isn't isn't can't");
  }

  @ParameterizedTest
  @MethodSource("oddInputs")
  void oddInputIsClassified(String s) {
    assertValid(model.classify(s));
    for (String t : model.targets()) {
      assertValid(model.classify(s, t));
    }
  }

  @Test
  void oneMegabyteStatementIsClassifiedLikeALongPrefix() {
    StringBuilder sb = new StringBuilder(1 << 20);
    while (sb.length() < (1 << 20)) {
      sb.append("The alliance must never admit them, the envoy said. ");
    }
    String huge = sb.toString();
    String prefix = huge.substring(0, 4000);
    StancePrediction p = model.classify(huge);
    assertValid(p);
    // The network reads only the first maxTokens tokens; the n-gram path reads the whole text, but
    // one sentence repeated gives almost the same length-normalised n-gram row as a long prefix.
    StancePrediction q = model.classify(prefix);
    assertEquals(q.label(), p.label());
    for (StanceLabel l : model.labels()) {
      assertEquals(q.probability(l), p.probability(l), 0.005, l.toString());
    }
  }

  @Test
  @Tag("slow")
  void hundredThousandStatementsInOneCall() {
    List<String> many = new ArrayList<>(100_000);
    List<String> odd = oddInputs();
    for (int i = 0; i < 100_000; i++) {
      many.add(odd.get(i % odd.size()) + " " + i);
    }
    List<StancePrediction> out = model.classifyAll(many);
    assertEquals(100_000, out.size());
    for (int i = 0; i < out.size(); i += 997) {
      assertValid(out.get(i));
      assertEquals(model.classify(many.get(i)).label(), out.get(i).label());
    }
  }
}
