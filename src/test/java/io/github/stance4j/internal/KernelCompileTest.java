package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.TrainingConfig;
import io.github.stance4j.text.StanceTokenizer;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;

/**
 * When the Java kernels take a network and when they leave it to DL4J: another graph is left to
 * DL4J (null), a wrong parameter count is the caller's error, and any other fault while reading a
 * graph the kernel implements is thrown, not turned into a silent fallback to DL4J.
 */
class KernelCompileTest {

  static final int VOCAB = 50;
  static final int TARGETS = 2;
  static final int LABELS = 3;

  static ComputationGraphConfiguration cnn() {
    return Networks.build(TrainingConfig.defaults().withEmbeddingSize(8).withHiddenSize(10), VOCAB, TARGETS, LABELS);
  }

  static ComputationGraphConfiguration head() {
    return Networks.buildHead(TrainingConfig.defaults(TrainingConfig.Architecture.MINILM).withHiddenSize(8),
        MiniLmEncoder.DIMENSION, TARGETS, LABELS);
  }

  static int paramCount(ComputationGraphConfiguration conf) {
    long n = 0;
    for (var v : conf.getVertices().values()) {
      if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex) {
        var lv = (org.deeplearning4j.nn.conf.graph.LayerVertex) v;
        n += lv.getLayerConf().getLayer().initializer().numParams(lv.getLayerConf());
      }
    }
    return (int) n;
  }

  /**
   * The same graph, but reading its topological order (used by the CNN kernel) or its inputs (used
   * by the accurate head) fails: a stand-in for a fault inside the kernels.
   */
  static ComputationGraphConfiguration faulty(ComputationGraphConfiguration real) {
    ComputationGraphConfiguration c = new ComputationGraphConfiguration() {
      @Override
      public List<String> getTopologicalOrderStr() {
        throw new UnsupportedOperationException("simulated fault");
      }

      @Override
      public List<String> getNetworkInputs() {
        throw new UnsupportedOperationException("simulated fault");
      }
    };
    c.setVertices(real.getVertices());
    c.setVertexInputs(real.getVertexInputs());
    c.setNetworkOutputs(real.getNetworkOutputs());
    c.setDefaultConfiguration(real.getDefaultConfiguration());
    return c;
  }

  /**
   * A configuration that no network has used carries no topological order; the kernel computes the
   * one DL4J uses to lay out the parameters (this failed when first written: the order was null,
   * and the old catch-all turned the NullPointerException into a silent fallback to DL4J).
   */
  @Test
  void theCnnCompilesWithOrWithoutACachedTopologicalOrder() {
    ComputationGraphConfiguration fresh = cnn();
    assertNull(fresh.getTopologicalOrderStr());
    assertNotNull(CnnKernel.compile(fresh, new float[paramCount(fresh)]));
    NativeRuntime.init();
    ComputationGraphConfiguration used = cnn();
    new org.deeplearning4j.nn.graph.ComputationGraph(used).init();
    assertNotNull(used.getTopologicalOrderStr());
    assertEquals(used.getTopologicalOrderStr(), CnnKernel.topologicalOrder(cnn()));
  }

  @Test
  void otherGraphsAreLeftToDl4j() {
    ComputationGraphConfiguration lstm = Networks.build(TrainingConfig.defaults()
        .withArchitecture(TrainingConfig.Architecture.BILSTM).withEmbeddingSize(8).withHiddenSize(10), VOCAB, TARGETS, LABELS);
    assertNull(CnnKernel.compile(lstm, new float[paramCount(lstm)]));
    assertNull(CnnKernel.compile(head(), new float[paramCount(head())]));
    assertNull(DenseHead.compileSentenceHead(cnn(), new float[paramCount(cnn())], MiniLmEncoder.DIMENSION));
    assertNull(DenseHead.compileSentenceHead(lstm, new float[paramCount(lstm)], MiniLmEncoder.DIMENSION));
    assertNotNull(DenseHead.compileSentenceHead(head(), new float[paramCount(head())], MiniLmEncoder.DIMENSION));
  }

  @Test
  void aWrongParameterCountIsRefused() {
    ComputationGraphConfiguration conf = cnn();
    int n = paramCount(conf);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CnnKernel.compile(conf, new float[10]));
    assertEquals("the network needs " + n + " parameters, the vector holds 10", e.getMessage());
    int h = paramCount(head());
    e = assertThrows(IllegalArgumentException.class,
        () -> DenseHead.compileSentenceHead(head(), new float[h + 1], MiniLmEncoder.DIMENSION));
    assertEquals("the head needs " + h + " parameters, the vector holds " + (h + 1), e.getMessage());
  }

  @Test
  void aFaultWhileReadingACnnSurfaces() {
    ComputationGraphConfiguration conf = faulty(cnn());
    float[] params = new float[paramCount(cnn())];
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> CnnKernel.compile(conf, params));
    assertEquals("the Java CNN kernel failed on a CNN network (java.lang.UnsupportedOperationException: simulated"
        + " fault); -Dstance4j.inference=dl4j runs the model in DL4J instead", e.getMessage());
    assertTrue(e.getCause() instanceof UnsupportedOperationException);
    // and so does loading it into an engine: no silent DL4J fallback
    Vocabulary vocab = Vocabulary.build(List.of(List.of("a", "b")), 1);
    assertThrows(IllegalStateException.class, () -> ModelEngine.of(conf, params, vocab,
        StanceTokenizer.withMaxTokens(16), TARGETS, LABELS));
  }

  @Test
  void aFaultWhileReadingTheAccurateHeadSurfaces() {
    ComputationGraphConfiguration conf = faulty(head());
    float[] params = new float[paramCount(head())];
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DenseHead.compileSentenceHead(conf, params, MiniLmEncoder.DIMENSION));
    assertTrue(e.getMessage().startsWith("the Java head failed on an accurate-tier network (java.lang."
        + "UnsupportedOperationException: simulated fault)"), e.getMessage());
  }
}
