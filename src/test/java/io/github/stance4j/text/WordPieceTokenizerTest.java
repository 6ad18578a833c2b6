package io.github.stance4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests of {@link WordPieceTokenizer} against the all-MiniLM-L6-v2 {@code tokenizer.json}.
 *
 * <p><b>How the expected pieces were checked.</b> The Python {@code tokenizers} package is not available
 * here, so no row of the table comes from HuggingFace itself. Each row was derived by applying the
 * HuggingFace algorithm by hand (BertNormalizer, BertPreTokenizer, greedy longest-match-first WordPiece, as
 * read in {@code tokenizers/src/normalizers/bert.rs}, {@code pre_tokenizers/bert.rs} and
 * {@code models/wordpiece/mod.rs}), with the help of a throw-away Python script using only
 * {@code unicodedata} and the {@code vocab} object of the JSON file (not this Java code), and every piece and
 * id was looked up in that {@code vocab}. For the split words the longest-match choice was checked by
 * listing every vocabulary prefix: for example {@code enlargement} has only the prefixes {@code en} and
 * {@code e} in the vocabulary, then {@code largement} only {@code ##lar ##la ##l}, then {@code gement} only
 * {@code ##gement ##ge ##g}, hence {@code en ##lar ##gement}. The ids asserted (for example
 * {@code nato}=10079, {@code [CLS]}=101, {@code [SEP]}=102, {@code [PAD]}=0, {@code [UNK]}=100) are the
 * values of the {@code vocab} object, whose ids run from 0 to 30521 without gaps.
 */
class WordPieceTokenizerTest {

  private static final WordPieceTokenizer TOK = WordPieceTokenizer.miniLm();

  private static List<String> split(String s) {
    return Arrays.asList(s.strip().split(" +"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      NATO enlargement                                  | nato en ##lar ##gement
      Ukraine will never join NATO.                     | ukraine will never join nato .
      Zelenskyy's                                       | ze ##len ##sky ##y ' s
      Vučić                                             | vu ##cic
      don't                                             | don ' t
      U.S.-led                                          | u . s . - led
      In 2008                                           | in 2008
      Article 5                                         | article 5
      pro-Western                                       | pro - western
      “Not now,” she said                               | “ not now , ” she said
      NATO 🇺🇦 yes 😀                                    | nato [UNK] yes [UNK]
      中国 and 北约                                      | 中 国 and 北 [UNK]
      NaToEnLaRgEmEnT                                   | nato ##en ##lar ##gement
      Zürich Malmö Ærø                                  | zurich malmo æ ##r ##ø
      unconditionally                                   | un ##con ##ditional ##ly
      disavow                                           | di ##sa ##vo ##w
      Stoltenberg                                       | st ##olt ##enberg
      Kyiv’s bid isn’t dead                             | kyiv ’ s bid isn ’ t dead
      1,800 troops; 2.5%                                | 1 , 800 troops ; 2 . 5 %
      Erdoğan's veto                                    | er ##dog ##an ' s veto
      Finland & Sweden                                  | finland & sweden
      F-16s                                             | f - 16 ##s
      #NATO @NATO                                       | # nato @ nato
      $5bn €2bn                                         | $ 5 ##bn € ##2 ##bn
      café naïve façade                                 | cafe naive facade
      Łukaszenka                                        | ł ##uka ##sz ##en ##ka
      İstanbul                                          | istanbul
      ΣΊΣΥΦΟΣ                                           | σ ##ι ##σ ##υ ##φ ##ο ##σ
      NATO–Russia Founding Act (1997)                   | nato – russia founding act ( 1997 )
      Russia's so-called “buffer zone”                  | russia ' s so - called “ buffer zone ”
      Putin’s "special military operation"              | putin ’ s " special military operation "
      Pneumonoultramicroscopicsilicovolcanoconiosis     | p ##ne ##um ##ono ##ult ##ram ##ic ##ros ##copic ##sil ##ico ##vo ##lc ##ano ##con ##ios ##is
      a [SEP] b [sep] [CLS][MASK]x                      | a [SEP] b [ sep ] [CLS] [MASK] x
      Bucharest summit, April 2008: Georgia & Ukraine   | bucharest summit , april 2008 : georgia & ukraine
      """)
  void tokenizesLikeHuggingFace(String input, String expected) {
    assertEquals(split(expected), TOK.tokenize(input.strip()));
  }

  @Test
  void idsMatchTheVocabularyOrder() {
    assertEquals(101, TOK.clsId());
    assertEquals(102, TOK.sepId());
    assertEquals(0, TOK.padId());
    assertEquals(100, TOK.unkId());
    assertEquals(30522, TOK.vocabularySize());
    assertEquals("[CLS]", TOK.token(101));
    assertEquals("[MASK]", TOK.token(103));
    assertEquals("[unused0]", TOK.token(1));
    assertEquals(OptionalInt.of(10079), TOK.id("nato"));
    assertEquals(OptionalInt.of(2015), TOK.id("##s"));
    assertEquals(OptionalInt.empty(), TOK.id("NATO"), "ids are looked up verbatim, not normalised");
    assertEquals(OptionalInt.empty(), TOK.id("enlargement"));

    assertArrayEquals(new int[] {101, 10079, 4372, 8017, 20511, 102}, TOK.encode("NATO enlargement", 128).ids());
    assertArrayEquals(new int[] {101, 5924, 2097, 2196, 3693, 10079, 1012, 102},
        TOK.encode("Ukraine will never join NATO.", 128).ids());
    assertArrayEquals(new int[] {101, 27838, 7770, 5874, 2100, 1005, 1055, 102}, TOK.encode("Zelenskyy's", 128).ids());
    assertArrayEquals(new int[] {101, 4895, 8663, 27064, 2135, 102}, TOK.encode("unconditionally", 128).ids());
    assertArrayEquals(new int[] {101, 24728, 19053, 102}, TOK.encode("Vučić", 128).ids());
    assertArrayEquals(new int[] {101, 10079, 100, 2748, 100, 102}, TOK.encode("NATO 🇺🇦 yes 😀", 128).ids());
    assertArrayEquals(new int[] {101, 1037, 102, 1038, 102}, TOK.encode("a [SEP] b", 128).ids());
  }

  @Test
  void tokenAndIdAreInverse() {
    for (int id = 0; id < TOK.vocabularySize(); id++) {
      assertEquals(OptionalInt.of(id), TOK.id(TOK.token(id)));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TOK.token(30522));
    assertEquals("token id must be between 0 and 30521, was 30522", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TOK.token(-1));
  }

  @Test
  void typographicDashesAndInvisibleCharacters() {
    // U+2011 non-breaking hyphen and U+2014 em dash are punctuation and both are in the vocabulary.
    assertEquals(List.of("non", "\u2011", "aligned", "\u2014", "states"), TOK.tokenize("non\u2011aligned\u2014states"));
    // Soft hyphen and zero-width space are format characters (Cf): removed, so the words join.
    assertEquals(List.of("non", "##ali", "##gned"), TOK.tokenize("non\u00ADaligned"));
    assertEquals(List.of("nato", "##sum", "##mit"), TOK.tokenize("NATO\u200Bsummit"));
  }

  @Test
  void cleanTextRemovesControlsAndMapsWhitespace() {
    assertEquals(List.of("ab"), TOK.tokenize("a\u0000b"));
    assertEquals(List.of("ab"), TOK.tokenize("a\uFFFDb"));
    assertEquals(List.of("x", "##y"), TOK.tokenize("x\uE000y"), "private use is removed");
    assertEquals(List.of("sweden", "and", "finland", "nato"), TOK.tokenize("Sweden\tand\nFinland\r\nNATO"));
    assertEquals(List.of("kyiv", "and", "k", "##har", "##ki", "##v"), TOK.tokenize("Kyiv\u00A0and\u3000Kharkiv"));
    // Vertical tab, form feed and NEL are controls (Cc): HuggingFace removes them before mapping whitespace.
    assertEquals(List.of("sweden", "##fin", "##land"), TOK.tokenize("Sweden\u000BFinland"));
    assertEquals(List.of("sweden", "##fin", "##land"), TOK.tokenize("Sweden\u000CFinland"));
    assertEquals(List.of("ukraine", "##nat", "##o"), TOK.tokenize("Ukraine\u0085NATO"));
    assertEquals(List.of(), TOK.tokenize(" \t\r\n\u00A0\u2003\u0000\u200B"));
    assertEquals(List.of(), TOK.tokenize(""));
  }

  @Test
  void normalizeShowsTheNormaliserAlone() {
    assertEquals("vucic nato!", TOK.normalize("Vučić\u00A0NATO\u000B!"));
    assertEquals(" 中  国 ", TOK.normalize("中国"));
    assertEquals("[sep] σ", TOK.normalize("[SEP] Σ"));
  }

  @Test
  void loneSurrogatesAreDroppedAndEmojiAreUnknown() {
    assertEquals(List.of("ab"), TOK.tokenize("a\uD800b"));
    assertEquals(List.of("x"), TOK.tokenize("\uDC00x\uD83D"));
    assertEquals(List.of("nato", "[UNK]"), TOK.tokenize("NATO \uD83D\uDE00"));
    assertEquals(List.of("[UNK]"), TOK.tokenize("NATO\uD83D\uDE00s"), "one unmatchable piece makes the word [UNK]");
    assertEquals(List.of("[UNK]", "[UNK]"), TOK.tokenize("\uD83D\uDE00\uD83D\uDE00 \uD83C\uDDFA\uD83C\uDDE6"));
    assertArrayEquals(new int[] {101, 102}, TOK.encode("\uDC00\uD800 \uDFFF", 8).ids());
    // A valid pair is kept: U+10FFFF is unassigned (Cn), which HuggingFace's clean_text does not remove.
    assertEquals(List.of("[UNK]"), TOK.tokenize("\uDBFF\uDFFF"));
  }

  @Test
  void wordsLongerThanMaxInputCharsPerWordAreUnknown() {
    List<String> hundred = TOK.tokenize("a".repeat(100));
    assertEquals("aaa", hundred.get(0));
    assertEquals(50, hundred.size()); // aaa, 48 x ##aa, ##a
    assertEquals("##a", hundred.get(49));
    assertEquals(List.of("[UNK]"), TOK.tokenize("a".repeat(101)));
    assertEquals(List.of("nato", "[UNK]", "nato"), TOK.tokenize("NATO " + "x".repeat(500) + " NATO"));
  }

  @Test
  void encodeTruncatesOnTheRight() {
    String text = "Ukraine will never join NATO.";
    WordPieceTokenizer.Encoding full = TOK.encode(text, 8);
    assertArrayEquals(new int[] {101, 5924, 2097, 2196, 3693, 10079, 1012, 102}, full.ids());
    assertFalse(full.truncated(), "exactly maxLength ids: nothing left out");
    assertEquals(8, full.length());

    WordPieceTokenizer.Encoding cut = TOK.encode(text, 4);
    assertArrayEquals(new int[] {101, 5924, 2097, 102}, cut.ids());
    assertTrue(cut.truncated());

    WordPieceTokenizer.Encoding two = TOK.encode(text, 2);
    assertArrayEquals(new int[] {101, 102}, two.ids());
    assertTrue(two.truncated());

    WordPieceTokenizer.Encoding empty = TOK.encode("", 2);
    assertArrayEquals(new int[] {101, 102}, empty.ids());
    assertFalse(empty.truncated());

    // A word split into pieces is cut between pieces, as HuggingFace does.
    assertArrayEquals(new int[] {101, 10079, 4372, 102}, TOK.encode("NATO enlargement", 4).ids());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 0, -1, Integer.MIN_VALUE})
  void maxLengthBelowTwoIsRefused(int maxLength) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TOK.encode("NATO", maxLength));
    assertEquals("maxLength must be at least 2 (room for [CLS] and [SEP]), was " + maxLength, e.getMessage());
  }

  @Test
  void nullsAreRefusedWithTheParameterName() {
    assertEquals("text", assertThrows(NullPointerException.class, () -> TOK.tokenize(null)).getMessage());
    assertEquals("text", assertThrows(NullPointerException.class, () -> TOK.encode(null, 8)).getMessage());
    assertEquals("text", assertThrows(NullPointerException.class, () -> TOK.normalize(null)).getMessage());
    assertEquals("token", assertThrows(NullPointerException.class, () -> TOK.id(null)).getMessage());
    assertEquals("reader", assertThrows(NullPointerException.class, () -> WordPieceTokenizer.fromJson(null)).getMessage());
    assertEquals("ids", assertThrows(NullPointerException.class, () -> new WordPieceTokenizer.Encoding(null, false))
        .getMessage());
  }

  @Test
  void resultsAreImmutable() {
    List<String> pieces = TOK.tokenize("NATO");
    assertThrows(UnsupportedOperationException.class, () -> pieces.add("x"));
    int[] source = {101, 10079, 102};
    WordPieceTokenizer.Encoding e = new WordPieceTokenizer.Encoding(source, false);
    source[1] = 0;
    e.ids()[1] = 0;
    assertArrayEquals(new int[] {101, 10079, 102}, e.ids());
    assertEquals(TOK.encode("NATO", 8), e);
    assertEquals(e.hashCode(), TOK.encode("NATO", 8).hashCode());
    assertNotEquals(TOK.encode("NATO", 8), TOK.encode("NATO NATO", 3));
    assertEquals("Encoding{ids=[101, 10079, 102], truncated=false}", e.toString());
  }

  @Test
  void inputIsCutSoAMegabyteIsCheap() {
    String megabyte = "NATO ".repeat(200_000);
    WordPieceTokenizer.Encoding e = TOK.encode(megabyte, 128);
    assertEquals(128, e.length());
    assertTrue(e.truncated());
    // tokenize reads 8192 code points: 1638 whole "NATO " and then "NA", which is the piece "na".
    List<String> pieces = TOK.tokenize(megabyte);
    assertEquals(1639, pieces.size());
    assertEquals("na", pieces.get(1638));

    // Text beyond 16 * maxLength code points is never looked at.
    String prefix = "NATO ".repeat(20); // 100 code points = 16 * 6 + 4
    String tail = "Ukraine ".repeat(100_000);
    assertEquals(TOK.encode(prefix, 6), TOK.encode(prefix + tail, 6));
    // One megabyte without a space is one word, cut to 2048 code points: longer than 100, so [UNK].
    WordPieceTokenizer.Encoding word = TOK.encode("a".repeat(1 << 20), 128);
    assertArrayEquals(new int[] {101, 100, 102}, word.ids());
    assertTrue(word.truncated());
    // The documented price of the cut: words after a long run of whitespace are lost.
    WordPieceTokenizer.Encoding blank = TOK.encode(" ".repeat(1 << 20) + "NATO", 128);
    assertArrayEquals(new int[] {101, 102}, blank.ids());
    assertTrue(blank.truncated());
    // An astral character is one code point: the cut never splits a surrogate pair.
    assertEquals(List.of("[UNK]"), TOK.tokenize("\uD83D\uDE00".repeat(WordPieceTokenizer.TOKENIZE_CODE_POINT_LIMIT + 1)));
  }

  @Test
  void everyIdIsInRange() {
    String text = "NATO–Russia «Grundakte» 1997, Zelenskyy’s “peace formula”, Vučić, 北约东扩, Ελλάδα, Україна, "
        + "עברית, العربية, हिन्दी, 한국어, にほんご, 😀🇺🇦, \u0000\u0007\uD800\uFFFD\uE000, $€£¥, ¹²³ ½ ™ © ®";
    int[] ids = TOK.encode(text, 512).ids();
    assertEquals(101, ids[0]);
    assertEquals(102, ids[ids.length - 1]);
    for (int id : ids) {
      assertTrue(id >= 0 && id < TOK.vocabularySize(), "id out of range: " + id);
    }
    for (String piece : TOK.tokenize(text)) {
      assertTrue(TOK.id(piece).isPresent(), "piece not in vocabulary: " + piece);
    }
  }

  @Test
  void miniLmIsLoadedOnceAndSharedSafely() throws Exception {
    assertSame(TOK, WordPieceTokenizer.miniLm());
    String text = "Ukraine will never join NATO, said Vučić; Zelenskyy's “peace formula” 2008 中国 😀";
    List<String> expected = TOK.tokenize(text);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            if (!expected.equals(TOK.tokenize(text))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(TOK.toString().contains("vocabulary=30522"), TOK.toString());
  }

  // ---------------------------------------------------------------------------------------------------
  // fromJson with small hand-written files

  private static final String VOCAB = "{\"[PAD]\":0,\"[UNK]\":1,\"[CLS]\":2,\"[SEP]\":3,\"nato\":4,\"##s\":5,"
      + "\"vučić\":6,\"vu\":7,\"##cic\":8,\"\uD83D\uDE00\":9,\"##\uD83D\uDE00\":10,\"!\":11}";

  private static String json(String normalizer, String model, String postProcessor, String extra) {
    return "{\"version\":\"1.0\"," + extra + "\"normalizer\":" + normalizer
        + ",\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},\"post_processor\":" + postProcessor
        + ",\"model\":" + model + "}";
  }

  private static String model(String extra) {
    return "{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\","
        + "\"max_input_chars_per_word\":5," + extra + "\"vocab\":" + VOCAB + "}";
  }

  private static final String BERT_NORMALIZER =
      "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,"
          + "\"lowercase\":true}";
  private static final String BERT_PROCESSING = "{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",3],\"cls\":[\"[CLS]\",2]}";
  private static final String TEMPLATE = "{\"type\":\"TemplateProcessing\",\"single\":[{\"SpecialToken\":{\"id\":\"[CLS]\","
      + "\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}}],"
      + "\"special_tokens\":{\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[2],\"tokens\":[\"[CLS]\"]},"
      + "\"[SEP]\":{\"id\":\"[SEP]\",\"ids\":[3],\"tokens\":[\"[SEP]\"]}}}";

  private static WordPieceTokenizer read(String json) {
    return WordPieceTokenizer.fromJson(new StringReader(json));
  }

  private static String refusal(String json) {
    return assertThrows(IllegalArgumentException.class, () -> read(json)).getMessage();
  }

  @Test
  void readsSmallFilesWithEitherPostProcessor() {
    for (String post : List.of(BERT_PROCESSING, TEMPLATE)) {
      WordPieceTokenizer t = read(json(BERT_NORMALIZER, model(""), post, ""));
      assertEquals(12, t.vocabularySize());
      assertEquals(2, t.clsId());
      assertEquals(3, t.sepId());
      assertEquals(0, t.padId());
      assertEquals(1, t.unkId());
      assertArrayEquals(new int[] {2, 4, 5, 7, 8, 11, 3}, t.encode("NATOs Vučić!", 16).ids());
    }
  }

  @Test
  void maxInputCharsPerWordCountsCodePoints() {
    WordPieceTokenizer t = read(json(BERT_NORMALIZER, model(""), TEMPLATE, ""));
    // Five emoji are ten chars but five code points: within max_input_chars_per_word = 5.
    List<String> five = t.tokenize("\uD83D\uDE00".repeat(5));
    assertEquals(5, five.size());
    assertEquals("\uD83D\uDE00", five.get(0));
    assertEquals("##\uD83D\uDE00", five.get(4));
    assertEquals(List.of("[UNK]"), t.tokenize("\uD83D\uDE00".repeat(6)));
  }

  @Test
  void normalizerFlagsAreHonoured() {
    String keepAccents = "{\"type\":\"BertNormalizer\",\"strip_accents\":false,\"lowercase\":true}";
    assertEquals(List.of("vučić"), read(json(keepAccents, model(""), TEMPLATE, "")).tokenize("Vučić"));
    WordPieceTokenizer none = read(json("null", model(""), TEMPLATE, ""));
    assertEquals(List.of("[UNK]"), none.tokenize("NATO"), "no normaliser: no lower-casing");
    assertEquals(List.of("nato", "##s"), none.tokenize("natos\uD800"), "unpaired surrogates are dropped even so");
  }

  @Test
  void addedTokensAreMatchedInTheRawText() {
    String added = "\"added_tokens\":[{\"id\":3,\"content\":\"[SEP]\",\"single_word\":false,\"lstrip\":false,"
        + "\"rstrip\":false,\"normalized\":false,\"special\":true}],";
    WordPieceTokenizer t = read(json(BERT_NORMALIZER, model(""), TEMPLATE, added));
    assertEquals(List.of("nato", "[SEP]", "nato"), t.tokenize("NATO[SEP]NATO"));
    WordPieceTokenizer without = read(json(BERT_NORMALIZER, model(""), TEMPLATE, ""));
    assertEquals(List.of("nato", "[UNK]", "[UNK]", "[UNK]", "nato"), without.tokenize("NATO[SEP]NATO"));

    String normalized = added.replace("\"normalized\":false", "\"normalized\":true");
    assertEquals("added_tokens[0].normalized = true is not supported (token \"[SEP]\")",
        refusal(json(BERT_NORMALIZER, model(""), TEMPLATE, normalized)));
    String wrongId = added.replace("\"id\":3", "\"id\":7");
    assertEquals("added_tokens[0]: \"[SEP]\" with id 7 must be in model.vocab with the same id, found 3",
        refusal(json(BERT_NORMALIZER, model(""), TEMPLATE, wrongId)));
  }

  @Test
  void malformedJsonIsRefused() {
    assertTrue(refusal("{\"model\": ").startsWith("malformed tokenizer JSON: "));
    assertTrue(refusal(json(BERT_NORMALIZER, model(""), TEMPLATE, "") + " {}").startsWith("malformed tokenizer JSON: "));
    assertTrue(refusal("{'model': {}}").startsWith("malformed tokenizer JSON: "), "lenient JSON is refused");
    assertEquals("tokenizer JSON must be an object, was [1,2]", refusal("[1,2]"));
    assertEquals("model must be an object, was missing", refusal("{}"));
  }

  @Test
  void unsupportedOrInconsistentFilesAreRefusedNamingTheField() {
    assertEquals("model.type must be \"WordPiece\", was \"BPE\"",
        refusal(json(BERT_NORMALIZER, model("").replace("WordPiece", "BPE"), TEMPLATE, "")));
    assertEquals("model.vocab must be an object, was missing",
        refusal(json(BERT_NORMALIZER, "{\"type\":\"WordPiece\"}", TEMPLATE, "")));
    assertEquals("model.vocab[\"!\"]: id 12 is out of range 0..11 (ids must be 0 to vocabulary size - 1)",
        refusal(json(BERT_NORMALIZER, model("").replace("\"!\":11", "\"!\":12"), TEMPLATE, "")));
    assertEquals("model.vocab[\"!\"]: id 10 is also the id of \"##\uD83D\uDE00\"",
        refusal(json(BERT_NORMALIZER, model("").replace("\"!\":11", "\"!\":10"), TEMPLATE, "")));
    assertEquals("model.vocab[\"!\"] must be an integer, was 1.5",
        refusal(json(BERT_NORMALIZER, model("").replace("\"!\":11", "\"!\":1.5"), TEMPLATE, "")));
    assertEquals("model.unk_token \"<unk>\" is not in model.vocab",
        refusal(json(BERT_NORMALIZER, model("").replace("\"[UNK]\",", "\"<unk>\","), TEMPLATE, "")));
    assertEquals("model.max_input_chars_per_word must be at least 1, was 0",
        refusal(json(BERT_NORMALIZER, model("").replace("_word\":5", "_word\":0"), TEMPLATE, "")));
    assertEquals("normalizer.type must be \"BertNormalizer\" (or the normalizer null), was \"Lowercase\"",
        refusal(json("{\"type\":\"Lowercase\"}", model(""), TEMPLATE, "")));
    assertEquals("normalizer.lowercase must be true or false, was \"yes\"",
        refusal(json("{\"type\":\"BertNormalizer\",\"lowercase\":\"yes\"}", model(""), TEMPLATE, "")));
    assertEquals("pre_tokenizer must be of type \"BertPreTokenizer\", was \"Whitespace\"",
        refusal(json(BERT_NORMALIZER, model(""), TEMPLATE, "").replace("BertPreTokenizer", "Whitespace")));
    assertEquals("post_processor.type must be \"TemplateProcessing\" or \"BertProcessing\", was \"RobertaProcessing\"",
        refusal(json(BERT_NORMALIZER, model(""), BERT_PROCESSING.replace("Bert", "Roberta"), "")));
    assertEquals("post_processor must be an object of type \"TemplateProcessing\" or \"BertProcessing\", was null",
        refusal(json(BERT_NORMALIZER, model(""), "null", "")));
    assertEquals("post_processor: special token id 12 is out of range 0..11",
        refusal(json(BERT_NORMALIZER, model(""), BERT_PROCESSING.replace("\"[CLS]\",2", "\"[CLS]\",12"), "")));
    assertTrue(refusal(json(BERT_NORMALIZER, model(""), TEMPLATE.replace("\"id\":\"A\"", "\"id\":\"B\""), ""))
        .startsWith("post_processor.single must be [{SpecialToken}, {Sequence: A}, {SpecialToken}]"));
    assertEquals("the pad token (no padding.pad_id) \"[PAD]\" is not in model.vocab",
        refusal(json(BERT_NORMALIZER, model("").replace("\"[PAD]\":0", "\"[pad]\":0"), TEMPLATE, "")));
  }

  @Test
  void readErrorsAreUnchecked() {
    Reader failing = new Reader() {
      @Override
      public int read(char[] buf, int off, int len) throws IOException {
        throw new IOException("disk on fire");
      }

      @Override
      public void close() {
      }
    };
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> WordPieceTokenizer.fromJson(failing));
    assertEquals("disk on fire", e.getCause().getMessage());
  }
}
