package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import io.github.stance4j.text.StanceTokenizer;
import io.github.stance4j.text.WordPieceTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blank means "no tokens", whatever the space character: such statements are refused everywhere. */
class BlankStatementTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "\u00A0", // no-break space
      "\u2007\u202F", // figure space, narrow no-break space
      "\u3000 \u2003\u205F\u1680", // ideographic, em, medium mathematical and Ogham spaces
      "\u200B\uFEFF\u2060", // zero-width space, byte-order mark, word joiner (format characters)
      " \u0085\u2028\u2029\t", // next line, line and paragraph separators
      "\u0000\u0007\u001B", // control characters
      "\uD83D", // an unpaired surrogate
      "\uE000\uF8FF"}) // private use
  void isRefusedAsBlank(String blank) throws Exception {
    StanceClassifier c = TestModels.tiny();
    assertEquals("statement is blank",
        assertThrows(IllegalArgumentException.class, () -> c.classify(blank)).getMessage());
    assertEquals("statement is blank",
        assertThrows(IllegalArgumentException.class, () -> c.classify(blank, "aid")).getMessage());
    assertEquals("statements[1] is blank",
        assertThrows(IllegalArgumentException.class, () -> c.classifyAll(List.of("ok", blank))).getMessage());
    assertEquals("blank statement",
        assertThrows(IllegalArgumentException.class, () -> StanceExample.of(blank, "aid", "support")).getMessage());
    if (!new String(blank.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(blank)) {
      return; // an unpaired surrogate cannot be written in UTF-8
    }
    byte[] csv = ("statement,target,label\nfine,aid,support\n\"" + blank + "\",aid,support\n").getBytes(StandardCharsets.UTF_8);
    assertEquals("mem.csv:3: blank statement", assertThrows(StanceDataException.class,
        () -> StanceDataset.readCsv(new ByteArrayInputStream(csv), "mem.csv")).getMessage());
  }

  @Test
  void everyBlankCharacterGivesNoTokenToEitherTokenizer() {
    StanceTokenizer fast = StanceTokenizer.defaultTokenizer();
    WordPieceTokenizer accurate = WordPieceTokenizer.miniLm();
    int blank = 0;
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      String s = new String(Character.toChars(cp));
      if (StanceTokenizer.isBlank(s)) {
        blank++;
        String text = "\u00A0" + s + s + " " + s;
        assertTrue(fast.tokenize(text).isEmpty(), () -> "U+" + Integer.toHexString(s.codePointAt(0)));
        assertTrue(accurate.tokenize(text).isEmpty(), () -> "U+" + Integer.toHexString(s.codePointAt(0)));
      }
    }
    // 65 controls, 25 White_Space non-controls, about 170 format and 137,468 private-use code points,
    // 2,048 surrogates: the exact format count depends on the JDK's Unicode version
    assertTrue(blank > 139_000 && blank < 140_500, "blank code points: " + blank);
  }

  @Test
  void textWithAnyTokenIsNotBlank() {
    assertTrue(StanceTokenizer.isBlank(""));
    for (String s : List.of("x", ".", "\u00A0x\u00A0", "\u200Bzero width\u200B", "\uD83D\uDE00", "北", "\u0301e")) {
      assertFalse(StanceTokenizer.isBlank(s), s);
      assertFalse(StanceTokenizer.defaultTokenizer().tokenize(s).isEmpty(), s);
    }
  }
}
