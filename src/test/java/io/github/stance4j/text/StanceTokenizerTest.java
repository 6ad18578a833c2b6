package io.github.stance4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StanceTokenizerTest {

  private final StanceTokenizer tok = StanceTokenizer.defaultTokenizer();

  private List<String> split(String s) {
    return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      Ukraine won't join NATO                         | ukraine will not join nato
      It isn't enough now                             | it is not enough now
      We can't and cannot accept it                   | we can not and can not accept it
      They don't, didn't, wouldn't                    | they do not , did not , would not
      Kyiv’s bid isn’t dead                           | kyiv 's bid is not dead
      “Not now,” she said                             | " not now , " she said
      We're sure they've said we'll see; I'm, he'd    | we are sure they have said we will see ; i am , he would
      pro-Western and non‑aligned—states              | pro western and non aligned states
      In 2008, 1,800 troops; 2.5 per cent             | in <num> , <num> troops ; <num> per cent
      F-16s and U.S. support                          | f 16s and u.s. support
      Vučić and Milanović said Zürich                 | vucic and milanovic said zurich
      NATO's door &amp; &quot;open&quot;             | nato 's door & " open "
      ＮＡＴＯ fullwidth                                | nato fullwidth
      """)
  void tokenizes(String input, String expected) {
    assertEquals(split(expected.strip()), tok.tokenize(input.strip()));
  }

  @Test
  void whitespaceControlAndInvisibleCharactersSeparateTokens() {
    assertEquals(List.of("a", "b", "c", "d", "e"), tok.tokenize("a\tb\nc\u0000d\u200Be"));
    assertEquals(List.of(), tok.tokenize(" \t\r\n\u00A0\u2003"));
    assertEquals(List.of(), tok.tokenize(""));
  }

  @Test
  void emojiAndLoneSurrogates() {
    List<String> t = tok.tokenize("NATO 🇺🇦 yes \uD83D end \uDC00");
    assertEquals("nato", t.get(0));
    assertTrue(t.contains("yes") && t.contains("end"));
    for (String s : t) {
      assertTrue(!s.isEmpty());
      for (int i = 0; i < s.length(); i++) {
        if (Character.isHighSurrogate(s.charAt(i))) {
          assertTrue(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)), "paired surrogate in " + s);
        }
      }
    }
  }

  @Test
  void otherScriptsAreKept() {
    assertEquals(List.of("нато", "нет", "!"), tok.tokenize("НАТО нет!"));
    assertEquals(List.of("لا", "للناتو"), tok.tokenize("لا للناتو"));
  }

  @Test
  void capsTokensAndBoundsWork() {
    StanceTokenizer small = StanceTokenizer.withMaxTokens(3);
    assertEquals(List.of("a", "b", "c"), small.tokenize("a b c d e"));
    String huge = "word ".repeat(1_000_000);
    List<String> t = tok.tokenize(huge);
    assertEquals(StanceTokenizer.DEFAULT_MAX_TOKENS, t.size());
    assertThrows(IllegalArgumentException.class, () -> StanceTokenizer.withMaxTokens(0));
    assertThrows(NullPointerException.class, () -> tok.tokenize(null));
    assertThrows(UnsupportedOperationException.class, () -> tok.tokenize("a").add("b"));
  }
}
