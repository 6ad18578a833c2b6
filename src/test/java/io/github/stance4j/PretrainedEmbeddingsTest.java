package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.internal.MiniLmWeights;
import io.github.stance4j.internal.Networks;
import io.github.stance4j.internal.PretrainedEmbeddings;
import io.github.stance4j.internal.Vocabulary;
import io.github.stance4j.text.StanceTokenizer;
import io.github.stance4j.text.WordPieceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainingConfig#pretrainedEmbeddings()}: the fast tier's word vectors start from the
 * encoder's, the vocabulary holds words the data never shows, and those keep their starting vectors.
 */
class PretrainedEmbeddingsTest {

  private static final WordPieceTokenizer WP = WordPieceTokenizer.miniLm();
  private static float[] table;
  private static StanceClassifier model;
  private static Vocabulary start;
  private static float[][] startVectors;

  @BeforeAll
  static void train() {
    table = MiniLmWeights.load().values(MiniLmWeights.WORD_EMBEDDINGS);
    TrainingConfig cfg = TestModels.TINY_CONFIG.withPretrainedEmbeddings(true).withEpochs(10);
    model = new StanceTrainer(cfg).train(TestModels.tinyData());
    StanceTokenizer tok = StanceTokenizer.withMaxTokens(cfg.maxTokens());
    List<List<String>> words = TestModels.tinyData().examples().stream()
        .map(e -> tok.tokenize(e.statement())).toList();
    start = PretrainedEmbeddings.extend(Vocabulary.build(words, 1), WP, tok);
    startVectors = PretrainedEmbeddings.vectors(start, WP, table, cfg.embeddingSize());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static float[] row(String word) {
    return startVectors[start.id(word)];
  }

  @Test
  void theVocabularyHoldsTheEncodersWholeWordsAfterTheDatasOwn() {
    Vocabulary v = model.fastEngine().vocabulary();
    assertTrue(v.size() > 15_000, "vocabulary of " + v.size());
    assertEquals(start.words(), v.words());
    for (String w : List.of("banana", "accession", "ceasefire", "parliament")) {
      assertTrue(v.id(w) != Vocabulary.UNK_ID, w);
    }
    assertFalse(v.words().stream().anyMatch(w -> w.startsWith("##") || w.matches("\\[[A-Z]+\\]")));
  }

  @Test
  void relatedWordsStartCloserThanUnrelatedOnes() {
    assertTrue(cosine(row("minister"), row("ministers")) > cosine(row("minister"), row("banana")) + 0.2);
    assertTrue(cosine(row("moscow"), row("russia")) > cosine(row("moscow"), row("banana")) + 0.2);
    assertTrue(cosine(row("oppose"), row("opposes")) > cosine(row("oppose"), row("guitar")) + 0.2);
  }

  @Test
  void theStartingVectorsAreScaledToUnitMeanNormAndPaddingIsZero() {
    double sum = 0;
    for (int i = 1; i < startVectors.length; i++) {
      double n = 0;
      for (float f : startVectors[i]) {
        n += f * f;
      }
      sum += Math.sqrt(n);
    }
    assertEquals(1.0, sum / (startVectors.length - 1), 1e-3);
    assertArrayEquals(new float[startVectors[0].length], startVectors[Vocabulary.PAD_ID]);
  }

  @Test
  void wordsNoBatchShowedKeepTheirStartingVectorsAndSeenWordsMoved() {
    float[][] trained = model.fastEngine().network().getLayer(Networks.EMBEDDING).getParam("W").toFloatMatrix();
    // stored as float16 (model format 5): the starting vector, rounded
    assertArrayEquals(io.github.stance4j.internal.EncoderDelta.round(row("banana"),
        io.github.stance4j.internal.EncoderDelta.Precision.FLOAT16), trained[start.id("banana")],
        "no L2 pulls an unseen word's vector");
    String seen = StanceTokenizer.withMaxTokens(128).tokenize(TestModels.tinyData().examples().get(0).statement()).get(0);
    double moved = 0;
    for (int k = 0; k < trained[0].length; k++) {
      moved += Math.abs(trained[start.id(seen)][k] - row(seen)[k]);
    }
    assertTrue(moved > 1e-3, "the vector of \"" + seen + "\" moved by " + moved);
  }

  @Test
  void onlyThePretrainedEmbeddingsAreExemptFromL2() {
    ComputationGraph plain = new ComputationGraph(Networks.build(TestModels.TINY_CONFIG.withL2(1e-4), 10, 2, 3));
    ComputationGraph pre = new ComputationGraph(Networks.build(
        TestModels.TINY_CONFIG.withL2(1e-4).withPretrainedEmbeddings(true), 10, 2, 3));
    assertFalse(regularization(plain, Networks.EMBEDDING).isEmpty());
    assertTrue(regularization(pre, Networks.EMBEDDING).isEmpty());
    assertFalse(regularization(pre, "conv3").isEmpty());
  }

  private static List<?> regularization(ComputationGraph g, String layer) {
    BaseLayer l = (BaseLayer) ((LayerVertex) g.getConfiguration().getVertices().get(layer)).getLayerConf().getLayer();
    return l.getRegularization() == null ? List.of() : l.getRegularization();
  }

  @Test
  void theModelFileRoundTripsAndNeedsNoEncoderToAnswer() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.save(out);
    try (StanceClassifier back = StanceClassifier.load(new ByteArrayInputStream(out.toByteArray()))) {
      String s = "The minister said the banana republic should join the alliance at once.";
      assertEquals(model.classify(s, "alliance").probabilities(), back.classify(s, "alliance").probabilities());
      assertEquals("true", back.info().trainingConfig().get("pretrainedEmbeddings"));
    }
  }
}
