package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden outputs of the bundled all-MiniLM-L6-v2 encoder.
 *
 * <p>How the golden numbers were obtained: no Python or other ONNX runtime is available where
 * stance4j is built, so the token outputs below were computed once with this very class (ONNX
 * Runtime 1.10 via JavaCPP, fp32, one OpenMP thread) and pasted in. They are a regression guard
 * (a different model file, tokenization, padding or input layout changes them). Independent checks,
 * made once outside the build: (1) langchain4j's own {@code AllMiniLmL6V2EmbeddingModel} (Microsoft's
 * ONNX Runtime 1.20 and the HuggingFace tokenizer, both not used here; it mean-pools and
 * L2-normalises) gave the same first five sentence-vector values, to 6 decimals, for all five
 * statements below; (2) the vectors of "This is an example sentence" and "Each sentence is
 * converted" match the ones the sentence-transformers documentation prints for this model;
 * (3) a paraphrase pair is far closer than an unrelated sentence. The token ids are the model
 * vocabulary's ({@code /all-minilm-l6-v2-tokenizer.json}), looked up by hand, and are also checked
 * against {@link WordPieceTokenizer#miniLm()}.
 */
class MiniLmEncoderTest {

  private static final double TOL = 1e-4;

  // [CLS] nato should admit ukraine [SEP]
  private static final int[] ADMIT = {101, 10079, 2323, 6449, 5924, 102};
  // [CLS] nato must let ukraine in [SEP]
  private static final int[] LET_IN = {101, 10079, 2442, 2292, 5924, 1999, 102};
  // [CLS] the weather in lisbon is mild [SEP]
  private static final int[] WEATHER = {101, 1996, 4633, 1999, 11929, 2003, 10256, 102};
  // [CLS] this is an example sentence [SEP]
  private static final int[] EXAMPLE = {101, 2023, 2003, 2019, 2742, 6251, 102};
  // [CLS] each sentence is converted [SEP]
  private static final int[] CONVERTED = {101, 2169, 6251, 2003, 4991, 102};

  private static MiniLmEncoder encoder;

  @BeforeAll
  static void load() {
    encoder = MiniLmEncoder.load();
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  private static float[] meanNormalized(float[][] tokens) {
    float[] v = new float[tokens[0].length];
    for (float[] row : tokens) {
      for (int d = 0; d < v.length; d++) {
        v[d] += row[d] / tokens.length;
      }
    }
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) n;
    }
    return v;
  }

  private static double cosine(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s; // both unit length
  }

  private static float[][] one(int[] ids) {
    return encoder.encode(List.of(ids))[0];
  }

  @Test
  void describesTheModel() {
    assertEquals("sentence-transformers/all-MiniLM-L6-v2", MiniLmEncoder.NAME);
    assertEquals(384, encoder.dimension());
    assertEquals(128, encoder.maxLength());
    assertEquals("759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e", encoder.sha256());
  }

  @Test
  void handLookedUpIdsAreWhatTheTokenizerProduces() {
    WordPieceTokenizer tok = WordPieceTokenizer.miniLm();
    assertArrayEquals(ADMIT, tok.encode("NATO should admit Ukraine", 128).ids());
    assertArrayEquals(LET_IN, tok.encode("NATO must let Ukraine in", 128).ids());
    assertArrayEquals(WEATHER, tok.encode("The weather in Lisbon is mild", 128).ids());
    assertArrayEquals(EXAMPLE, tok.encode("This is an example sentence", 128).ids());
    assertArrayEquals(CONVERTED, tok.encode("Each sentence is converted", 128).ids());
  }

  @Test
  void goldenTokenOutputs() {
    float[][] h = one(ADMIT);
    assertEquals(6, h.length);
    assertEquals(384, h[0].length);
    assertEquals(0.008552, h[0][0], TOL);
    assertEquals(0.194771, h[0][1], TOL);
    assertEquals(0.004657, h[0][2], TOL);
    assertEquals(-0.322356, h[5][383], TOL);

    h = one(LET_IN);
    assertEquals(0.034128, h[0][0], TOL);
    assertEquals(-0.005764, h[0][1], TOL);
    assertEquals(-0.038977, h[0][2], TOL);
    assertEquals(-0.385600, h[6][383], TOL);

    h = one(WEATHER);
    assertEquals(-0.013632, h[0][0], TOL);
    assertEquals(0.428703, h[0][1], TOL);
    assertEquals(0.843627, h[0][2], TOL);
    assertEquals(0.292105, h[7][383], TOL);
  }

  @Test
  void goldenSentenceVectors() {
    assertArrayEquals(new float[] {-0.020771f, 0.043229f, 0.024651f, 0.036827f, -0.015212f},
        Arrays.copyOf(meanNormalized(one(ADMIT)), 5), (float) TOL);
    assertArrayEquals(new float[] {-0.002180f, 0.017260f, -0.007901f, 0.026183f, -0.010794f},
        Arrays.copyOf(meanNormalized(one(LET_IN)), 5), (float) TOL);
    assertArrayEquals(new float[] {0.043616f, 0.060870f, 0.133672f, 0.090271f, 0.014994f},
        Arrays.copyOf(meanNormalized(one(WEATHER)), 5), (float) TOL);
  }

  @Test
  void sentenceVectorsMatchThePublishedSentenceTransformersExample() {
    // model.encode(["This is an example sentence", "Each sentence is converted"]) as printed in
    // the sentence-transformers documentation for all-MiniLM-L6-v2 (first five values).
    assertArrayEquals(new float[] {0.0676569f, 0.0634960f, 0.0487131f, 0.0793050f, 0.0374481f},
        Arrays.copyOf(meanNormalized(one(EXAMPLE)), 5), 1e-4f);
    assertArrayEquals(new float[] {0.0864385f, 0.1027627f, 0.0053945f, 0.0020445f, -0.0099634f},
        Arrays.copyOf(meanNormalized(one(CONVERTED)), 5), 1e-4f);
  }

  @Test
  void paraphrasesAreCloserThanAnUnrelatedSentence() {
    float[] admit = meanNormalized(one(ADMIT));
    float[] letIn = meanNormalized(one(LET_IN));
    float[] weather = meanNormalized(one(WEATHER));
    double para = cosine(admit, letIn);
    assertTrue(para > 0.8, "paraphrase cosine " + para);
    assertTrue(para > cosine(admit, weather) + 0.5, "vs weather " + cosine(admit, weather));
    assertTrue(para > cosine(letIn, weather) + 0.5, "vs weather " + cosine(letIn, weather));
  }

  @Test
  void aBatchGivesEachSequenceItsSingleOutput() {
    List<int[]> batch = List.of(WEATHER, ADMIT, new int[] {101, 102}, LET_IN);
    float[][][] together = encoder.encode(batch);
    assertEquals(4, together.length);
    for (int i = 0; i < batch.size(); i++) {
      float[][] alone = one(batch.get(i));
      assertEquals(batch.get(i).length, together[i].length, "padding rows are removed");
      for (int j = 0; j < alone.length; j++) {
        assertArrayEquals(alone[j], together[i][j], 1e-5f, "sequence " + i + " token " + j);
      }
    }
  }

  @Test
  void shortestAndLongestSequences() {
    float[][] h = one(new int[] {101});
    assertEquals(1, h.length);
    assertEquals(384, h[0].length);
    int[] longest = new int[128];
    Arrays.fill(longest, 5924); // "ukraine" 126 times
    longest[0] = 101;
    longest[127] = 102;
    float[][] l = encoder.encode(List.of(longest, ADMIT))[0];
    assertEquals(128, l.length);
    for (float[] row : l) {
      for (float x : row) {
        assertTrue(Float.isFinite(x));
      }
    }
    assertEquals(0, encoder.encode(List.of()).length);
  }

  @Test
  void refusesBadInputNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> encoder.encode(List.of(ADMIT, new int[129])));
    assertEquals("sequence 1 has 129 ids; expected 1 to 128", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of(new int[0])));
    assertEquals("sequence 0 has 0 ids; expected 1 to 128", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> encoder.encode(List.of(new int[] {101, 30522, 102})));
    assertEquals("sequence 0 holds id 30522, outside the vocabulary [0, 30522)", e.getMessage());
    List<int[]> withNull = new ArrayList<>();
    withNull.add(null);
    e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(withNull));
    assertEquals("sequence 0 has no ids; expected 1 to 128", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MiniLmEncoder.load(0));
    assertEquals("threads must be at least 1, was 0", e.getMessage());
  }

  @Test
  void tokenTypesAreFedAndChecked() {
    int[] zeros = new int[LET_IN.length];
    int[] pair = {0, 0, 0, 1, 1, 1, 1}; // as if "nato must" were the first segment
    float[][] plain = one(LET_IN);
    float[][] typed0 = encoder.encode(List.of(LET_IN), List.of(zeros))[0];
    float[][] typed1 = encoder.encode(List.of(LET_IN), List.of(pair))[0];
    for (int j = 0; j < plain.length; j++) {
      assertArrayEquals(plain[j], typed0[j], 0f, "type 0 is the default");
    }
    double diff = 0;
    for (int j = 0; j < plain.length; j++) {
      for (int d = 0; d < plain[j].length; d++) {
        diff = Math.max(diff, Math.abs(plain[j][d] - typed1[j][d]));
      }
    }
    assertTrue(diff > 0.01, "type 1 changes the output: " + diff);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> encoder.encode(List.of(LET_IN), List.of(new int[3])));
    assertEquals("sequence 0 has 7 ids but 3 token types", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> encoder.encode(List.of(ADMIT), List.of(new int[] {0, 0, 2, 0, 0, 0})));
    assertEquals("sequence 0 holds token type 2; expected 0 or 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of(ADMIT), List.of()));
    assertEquals("1 sequences but 0 token-type arrays", e.getMessage());
  }

  @Test
  void concurrentCallsGiveTheSameOutputs() throws Exception {
    float[][] expected = one(LET_IN);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 3; t++) {
      Thread th = new Thread(() -> {
        try {
          for (int k = 0; k < 5; k++) {
            float[][] got = encoder.encode(List.of(WEATHER, LET_IN))[1];
            for (int j = 0; j < expected.length; j++) {
              assertArrayEquals(expected[j], got[j], 1e-5f);
            }
          }
        } catch (Throwable x) {
          failures.add(x);
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void failsClearlyAfterClose() {
    MiniLmEncoder own = MiniLmEncoder.load();
    own.close();
    own.close();
    assertTrue(own.isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> own.encode(List.of(ADMIT)));
    assertEquals("this MiniLmEncoder is closed", e.getMessage());
  }
}
