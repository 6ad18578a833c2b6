package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Property: any string is either refused as blank or classified into a valid distribution. */
class RandomInputPropertiesTest {

  static StanceClassifier model;

  @BeforeContainer
  static void load() {
    model = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
  }

  @AfterContainer
  static void close() {
    model.close();
  }

  @Provide
  Arbitrary<String> anyText() {
    Arbitrary<String> allChars = Arbitraries.strings().all().ofMaxLength(200);
    Arbitrary<String> astral = Arbitraries.integers().between(0x10000, 0x10FFFF)
        .map(Character::toChars).map(String::new).list().ofMaxSize(20).map(l -> String.join("", l));
    Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001F')
        .withCharRange('\u007F', '\u009F').withCharRange('\uD800', '\uDFFF').ofMaxLength(50);
    Arbitrary<String> words = Arbitraries.of("NATO", "won't", "join", "never", "only", "after",
        "the", "war", "Ukraine", "—", "“", "”", "’", "&amp;", "¿", "\u0301", "🇺🇦", "\u202E", " ", "\t", "\n", "http://x.y/z?q=1")
        .list().ofMaxSize(40).map(l -> String.join(" ", l));
    Arbitrary<String> mixed = Arbitraries.oneOf(allChars, astral, controls, words).list().ofMaxSize(4)
        .map(l -> String.join("", l));
    return Arbitraries.oneOf(allChars, astral, controls, words, mixed);
  }

  @Property(tries = 10_000, seed = "20261127")
  void everyStringGetsAValidDistribution(@ForAll("anyText") String s) {
    if (io.github.stance4j.text.StanceTokenizer.isBlank(s)) {
      assertThrows(IllegalArgumentException.class, () -> model.classify(s));
      return;
    }
    StancePrediction p = model.classify(s);
    assertEquals(List.copyOf(model.labels()), List.copyOf(p.probabilities().keySet()));
    double sum = 0;
    for (double v : p.probabilities().values()) {
      assertTrue(v >= 0 && v <= 1, "probability " + v);
      sum += v;
    }
    assertEquals(1.0, sum, 1e-6);
  }
}
