package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.internal.CnnKernel;
import io.github.stance4j.internal.ModelEngine;
import io.github.stance4j.internal.Networks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java kernel that runs CNN models must give DL4J's own answers: same probabilities to 1e-5,
 * same labels, one statement at a time and in padded batches, for the bundled model, a small
 * freshly trained model and random word sequences.
 */
class InferenceParityTest {

  static final double TOLERANCE = 1e-5;
  static StanceClassifier model;

  @BeforeAll
  static void load() {
    model = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void bundledModelRunsInTheKernel() {
    assertTrue(model.fastEngine().usesKernel());
  }

  @Test
  void heldOutStatementsGiveDl4jAnswers() throws Exception {
    StanceDataset held = StanceDataset.readCsv(Path.of("training-data/heldout"));
    List<int[]> seqs = new ArrayList<>();
    int[] tg = new int[held.size()];
    for (int i = 0; i < held.size(); i++) {
      seqs.add(model.fastEngine().encode(held.examples().get(i).statement()));
      tg[i] = model.targets().indexOf(held.examples().get(i).target());
    }
    assertParity(model.fastEngine(), seqs, tg);
  }

  @Test
  void randomWordSequencesGiveDl4jAnswers() {
    Random rnd = new Random(20261128);
    int vocab = model.fastEngine().vocabulary().size();
    List<int[]> seqs = new ArrayList<>();
    int[] tg = new int[120];
    for (int i = 0; i < tg.length; i++) {
      int n = 1 + rnd.nextInt(i < 20 ? 6 : model.maxTokens());
      int[] ids = new int[n];
      for (int j = 0; j < n; j++) {
        ids[j] = rnd.nextInt(vocab);
      }
      seqs.add(ids);
      tg[i] = rnd.nextInt(model.targets().size());
    }
    assertParity(model.fastEngine(), seqs, tg);
  }

  @Test
  void freshlyTrainedSmallModelGivesDl4jAnswers() {
    StanceClassifier tiny = TestModels.tiny();
    assertTrue(tiny.fastEngine().usesKernel());
    List<int[]> seqs = new ArrayList<>();
    int[] tg = new int[TestModels.tinyData().size()];
    for (int i = 0; i < tg.length; i++) {
      StanceExample e = TestModels.tinyData().examples().get(i);
      seqs.add(tiny.fastEngine().encode(e.statement()));
      tg[i] = tiny.targets().indexOf(e.target());
    }
    assertParity(tiny.fastEngine(), seqs, tg);
  }

  @Test
  void otherArchitecturesAreLeftToDl4j() {
    ComputationGraphConfiguration lstm = Networks.build(
        TrainingConfig.defaults().withArchitecture(TrainingConfig.Architecture.BILSTM), 50, 2, 3);
    assertNull(CnnKernel.compile(lstm, new float[1000]));
  }

  /**
   * 15 filters per width: the kernel sums filters four at a time, then the remaining three one by
   * one. Every other model here has a multiple of 4, where the remainder loop never runs.
   */
  @Test
  void filterCountNotDivisibleByFourGivesDl4jAnswers() {
    TrainingConfig cfg = TestModels.TINY_CONFIG.withHiddenSize(15).withEpochs(10);
    try (StanceClassifier odd = new StanceTrainer(cfg).train(TestModels.tinyData(), "alliance")) {
      ComputationGraphConfiguration conf = odd.fastEngine().configuration();
      for (String conv : List.of("conv2", "conv3", "conv5")) {
        long filters = ((org.deeplearning4j.nn.conf.layers.Convolution1DLayer)
            ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get(conv)).getLayerConf().getLayer()).getNOut();
        assertEquals(15, filters, conv);
      }
      List<int[]> seqs = new ArrayList<>();
      int[] tg = new int[TestModels.tinyData().size() + 60];
      for (int i = 0; i < TestModels.tinyData().size(); i++) {
        StanceExample e = TestModels.tinyData().examples().get(i);
        seqs.add(odd.fastEngine().encode(e.statement()));
        tg[i] = odd.targets().indexOf(e.target());
      }
      Random rnd = new Random(15);
      int vocab = odd.fastEngine().vocabulary().size();
      for (int i = TestModels.tinyData().size(); i < tg.length; i++) {
        int[] ids = new int[1 + rnd.nextInt(40)];
        for (int j = 0; j < ids.length; j++) {
          ids[j] = rnd.nextInt(vocab);
        }
        seqs.add(ids);
        tg[i] = rnd.nextInt(odd.targets().size());
      }
      assertParity(odd.fastEngine(), seqs, tg);
    }
  }

  @Test
  void dl4jInferenceCanBeChosen() throws Exception {
    String before = System.getProperty(ModelEngine.INFERENCE_PROPERTY);
    System.setProperty(ModelEngine.INFERENCE_PROPERTY, "dl4j");
    try (StanceClassifier viaDl4j = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST)) {
      assertFalse(viaDl4j.fastEngine().usesKernel());
      String s = "Moscow will respond if Finland joins the bloc, the envoy warned.";
      StancePrediction a = viaDl4j.classify(s);
      StancePrediction b = model.classify(s);
      for (StanceLabel l : model.labels()) {
        assertEquals(a.probability(l), b.probability(l), TOLERANCE, l.name());
      }
    } finally {
      if (before == null) {
        System.clearProperty(ModelEngine.INFERENCE_PROPERTY);
      } else {
        System.setProperty(ModelEngine.INFERENCE_PROPERTY, before);
      }
    }
  }

  /** Kernel versus DL4J, one at a time and in padded batches of up to 32. */
  static void assertParity(ModelEngine engine, List<int[]> seqs, int[] tg) {
    assertTrue(engine.usesKernel(), "the engine runs in DL4J, so this would compare DL4J with itself");
    double[][] kernel = engine.predict(seqs, tg);
    assertNotNull(engine.network());
    int targets = engine.targets();
    double worst = 0;
    for (int start = 0; start < seqs.size(); start += 32) {
      int end = Math.min(seqs.size(), start + 32);
      int[] bt = java.util.Arrays.copyOfRange(tg, start, end);
      float[][] batch = ModelEngine.output(engine.network(), seqs.subList(start, end), bt, targets);
      for (int i = start; i < end; i++) {
        float[][] single = ModelEngine.output(engine.network(), List.of(seqs.get(i)), new int[] {tg[i]}, targets);
        for (int j = 0; j < kernel[i].length; j++) {
          worst = Math.max(worst, Math.abs(kernel[i][j] - single[0][j]));
          worst = Math.max(worst, Math.abs(kernel[i][j] - batch[i - start][j]));
        }
        assertEquals(argmax(single[0]), StanceClassifier.argmax(kernel[i]), "statement " + i);
      }
    }
    assertTrue(worst <= TOLERANCE, "largest difference from DL4J " + worst);
  }

  private static int argmax(float[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best]) {
        best = i;
      }
    }
    return best;
  }
}
