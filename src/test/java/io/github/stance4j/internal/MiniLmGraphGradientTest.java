package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.internal.MiniLmGraph.Embeddings;
import io.github.stance4j.internal.MiniLmGraph.Trainable;
import io.github.stance4j.internal.MiniLmWeights.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@link MiniLmGraph} on tiny random weights (hidden 8, 2 heads, intermediate 16): gradients of every
 * trainable parameter against central finite differences in double precision (ND4J's
 * {@link GradCheckUtil}), through the embeddings, the masked attention, layer norm and the exact
 * GELU, to a softmax head on the pooled output; and the trainable/constant split.
 */
class MiniLmGraphGradientTest {

  static final Config TINY = new Config(20, 8, 2, 16, 1, 8, 2, 1e-12);
  private static final int CLASSES = 3;

  /** Three sequences of 5, 3 and 2 tokens (so two are padded), types 0 then 1 in the first two. */
  static MiniLmGraph.Batch batch(MiniLmGraph g) {
    List<int[]> ids = List.of(new int[] {1, 7, 3, 2, 19}, new int[] {1, 12, 2}, new int[] {1, 5});
    List<int[]> types = List.of(new int[] {0, 0, 0, 1, 1}, new int[] {0, 1, 1}, new int[] {0, 0});
    return g.batch(ids, types);
  }

  /** A softmax head on the pooled output with a cross-entropy loss on fixed labels. */
  static void addHead(MiniLmGraph g, long seed) {
    SameDiff sd = g.sameDiff();
    DataType dt = g.dataType();
    Nd4j.getRandom().setSeed(seed);
    SDVariable w = sd.var("head.weight", Nd4j.randn(dt, g.config().hidden(), CLASSES).muli(0.5));
    SDVariable b = sd.var("head.bias", Nd4j.randn(dt, CLASSES).muli(0.1));
    SDVariable logits = g.pooled().mmul(w).add(b);
    INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}}).castTo(dt);
    sd.loss().softmaxCrossEntropy("loss", sd.constant("labels", labels), logits, null,
        LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
    sd.setLossVariables("loss");
  }

  /**
   * Checks {@code perArray} evenly spaced entries of every trainable array (central differences,
   * step 1e-6, relative error at most 1e-5 unless both gradients are below 1e-8 in absolute value).
   * A full run over every entry (883 with {@link Trainable#all}, 724 with the word matrix constant)
   * passed once and took about 40 s each; the worst relative error among non-zero gradients was
   * 3.1e-6. The key biases have a gradient of exactly 0 (softmax ignores a score added to every key
   * of a query), which is why the absolute floor is needed.
   */
  private static boolean gradientCheck(Trainable trainable, int perArray) {
    DataType before = Nd4j.dataType();
    DataType beforeFloat = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      MiniLmGraph g = new MiniLmGraph(MiniLmWeightsTest.random(TINY, 11, 0.5), trainable, DataType.DOUBLE);
      addHead(g, 12);
      Map<String, INDArray> ph = new HashMap<>(batch(g).placeholders());
      // The placeholders are INT32 and take no gradient; everything VARIABLE is checked.
      return GradCheckUtil.checkGradients(g.sameDiff(), ph, 1e-6, 1e-5, 1e-8, true, false, false, false,
          Set.of(MiniLmGraph.INPUT_IDS, MiniLmGraph.ATTENTION_MASK, MiniLmGraph.TOKEN_TYPE_IDS), null, perArray,
          GradCheckUtil.Subset.EVERY_N);
    } finally {
      Nd4j.setDefaultDataTypes(before, beforeFloat);
    }
  }

  @Test
  void gradientsOfEveryParameterMatchFiniteDifferences() {
    // Word embeddings through one-hot x matrix, positions through a slice, types through one-hot.
    assertTrue(gradientCheck(Trainable.all(TINY), 6));
  }

  @Test
  void gradientsMatchWithTheWordMatrixAConstantReadByGather() {
    assertTrue(gradientCheck(new Trainable(1, Embeddings.ALL_BUT_WORDS), 2));
  }

  @Test
  void trainableDecidesVariablesAndConstants() {
    Config two = new Config(20, 8, 2, 16, 2, 8, 2, 1e-12);
    MiniLmWeights w = MiniLmWeightsTest.random(two, 3, 0.1);
    MiniLmGraph none = new MiniLmGraph(w, Trainable.NONE, DataType.FLOAT);
    assertEquals(List.of(), none.trainableVariables());
    assertEquals(VariableType.CONSTANT,
        none.sameDiff().getVariable(MiniLmWeights.WORD_EMBEDDINGS).getVariableType());

    MiniLmGraph top = new MiniLmGraph(w, Trainable.topLayers(1), DataType.FLOAT);
    List<String> layer1 = new ArrayList<>();
    for (String s : MiniLmWeights.LAYER_SUFFIXES) {
      layer1.add(MiniLmWeights.layer(1, s));
    }
    assertEquals(Set.copyOf(layer1), Set.copyOf(top.trainableVariables()));

    MiniLmGraph all = new MiniLmGraph(w, Trainable.all(two), DataType.FLOAT);
    assertEquals(Set.copyOf(MiniLmWeights.names(two)), Set.copyOf(all.trainableVariables()));
    MiniLmGraph noWords = new MiniLmGraph(w, new Trainable(0, Embeddings.ALL_BUT_WORDS), DataType.FLOAT);
    assertEquals(Set.of(MiniLmWeights.POSITION_EMBEDDINGS, MiniLmWeights.TOKEN_TYPE_EMBEDDINGS,
        MiniLmWeights.EMBEDDINGS_NORM_WEIGHT, MiniLmWeights.EMBEDDINGS_NORM_BIAS), Set.copyOf(noWords.trainableVariables()));

    // The same weights give the same outputs whatever is trainable.
    MiniLmGraph.Batch b = batch(none);
    INDArray expected = none.output(b, MiniLmGraph.POOLED).get(MiniLmGraph.POOLED);
    assertTrue(expected.equalsWithEps(all.output(b, MiniLmGraph.POOLED).get(MiniLmGraph.POOLED), 1e-5));
    assertTrue(expected.equalsWithEps(noWords.output(b, MiniLmGraph.POOLED).get(MiniLmGraph.POOLED), 1e-5));

    assertThrows(IllegalArgumentException.class, () -> new MiniLmGraph(w, Trainable.topLayers(3), DataType.FLOAT));
    assertThrows(IllegalArgumentException.class, () -> new MiniLmGraph(w, Trainable.NONE, DataType.FLOAT16));
  }

  @Test
  void fittingChangesTheTrainableLayersOnly() {
    Config two = new Config(20, 8, 2, 16, 2, 8, 2, 1e-12);
    MiniLmGraph g = new MiniLmGraph(MiniLmWeightsTest.random(two, 5, 0.3), Trainable.topLayers(1), DataType.FLOAT);
    addHead(g, 6);
    SameDiff sd = g.sameDiff();
    sd.setTrainingConfig(TrainingConfig.builder()
        .updater(new Adam(1e-2))
        .dataSetFeatureMapping(MiniLmGraph.INPUT_IDS, MiniLmGraph.ATTENTION_MASK, MiniLmGraph.TOKEN_TYPE_IDS)
        .markLabelsUnused()
        .build());
    MiniLmGraph.Batch b = batch(g);
    String frozen = MiniLmWeights.layer(0, MiniLmWeights.QUERY_WEIGHT);
    String trained = MiniLmWeights.layer(1, MiniLmWeights.QUERY_WEIGHT);
    INDArray frozenBefore = g.parameter(frozen).dup();
    INDArray trainedBefore = g.parameter(trained).dup();
    double loss0 = sd.output(b.placeholders(), "loss").get("loss").getDouble(0);
    MultiDataSet data = new MultiDataSet(b.features(), new INDArray[0]);
    for (int i = 0; i < 10; i++) {
      sd.fit(data);
    }
    double loss1 = sd.output(b.placeholders(), "loss").get("loss").getDouble(0);
    assertTrue(loss1 < loss0, "loss " + loss0 + " -> " + loss1);
    assertEquals(frozenBefore, g.parameter(frozen));
    assertTrue(!trainedBefore.equalsWithEps(g.parameter(trained), 1e-6), "the top layer was updated");
  }
}
