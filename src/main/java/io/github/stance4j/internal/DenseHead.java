package io.github.stance4j.internal;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * The head both tiers share, evaluated in plain Java: features joined with the one-hot target, a
 * ReLU {@code hidden} layer, a softmax {@code out} layer (see {@link Networks}). Immutable and
 * thread-safe. Internal.
 */
final class DenseHead {

  private final int features;
  private final int targets;
  private final int hidden;
  private final int labels;
  private final float[] denseW; // [features + targets][hidden], row-major: one row per input
  private final float[] denseB;
  private final float[] outW; // [labels][hidden]
  private final float[] outB;

  private DenseHead(int features, int targets, int hidden, int labels, float[] denseW,
      float[] denseB, float[] outW, float[] outB) {
    this.features = features;
    this.targets = targets;
    this.hidden = hidden;
    this.labels = labels;
    this.denseW = denseW;
    this.denseB = denseB;
    this.outW = outW;
    this.outB = outB;
  }

  /**
   * Reads the {@code hidden} and {@code out} layers of {@code conf}, whose parameters start at
   * {@code hiddenAt} and {@code outAt} in the flat vector, or returns null if they are not the
   * layers this class computes.
   */
  static DenseHead read(ComputationGraphConfiguration conf, float[] params, int hiddenAt, int outAt,
      int features) {
    DenseLayer d = layer(conf.getVertices(), "hidden", DenseLayer.class);
    OutputLayer o = layer(conf.getVertices(), Networks.OUT, OutputLayer.class);
    if (d == null || o == null || !d.hasBias() || d.hasLayerNorm()
        || d.getActivationFn() == null || d.getActivationFn().getClass() != ActivationReLU.class
        || !o.hasBias() || o.getActivationFn() == null || o.getActivationFn().getClass() != ActivationSoftmax.class
        || o.getNIn() != d.getNOut() || d.getNIn() <= features) {
      return null;
    }
    int in = (int) d.getNIn();
    int hidden = (int) d.getNOut();
    int labels = (int) o.getNOut();
    if (hiddenAt < 0 || outAt < 0 || hiddenAt + (long) in * hidden + hidden > params.length
        || outAt + (long) hidden * labels + labels > params.length) {
      return null;
    }
    // DL4J stores W as [nIn, nOut] in Fortran order, then b.
    float[] denseW = fToRowMajor(params, hiddenAt, in, hidden);
    float[] denseB = slice(params, hiddenAt + in * hidden, hidden);
    float[] outW = slice(params, outAt, hidden * labels); // column l of W is row l here
    float[] outB = slice(params, outAt + hidden * labels, labels);
    return new DenseHead(features, in - features, hidden, labels, denseW, denseB, outW, outB);
  }

  /**
   * A head for the accurate tier's graph ({@link Networks#buildHead}): inputs {@code sentence} and
   * {@code target} merged, then {@code hidden} and {@code out}; or null for any other graph (which
   * then runs in DL4J).
   *
   * @throws IllegalArgumentException if the graph is that head but {@code params} does not have the
   *     number of values it needs
   * @throws IllegalStateException if reading the head's weights fails in any other way (a fault in
   *     this class, reported rather than hidden behind a silent fallback to DL4J)
   */
  static DenseHead compileSentenceHead(ComputationGraphConfiguration conf, float[] params, int sentenceSize) {
    try {
      if (!conf.getNetworkInputs().equals(List.of(Networks.SENTENCE, Networks.TARGET))
          || !(conf.getVertices().get("features") instanceof MergeVertex)
          || !List.of(Networks.SENTENCE, Networks.TARGET).equals(conf.getVertexInputs().get("features"))
          || !List.of("features").equals(conf.getVertexInputs().get("hidden"))
          || !List.of("hidden").equals(conf.getVertexInputs().get(Networks.OUT))
          || conf.getVertices().size() != 3) {
        return null;
      }
      DenseLayer d = layer(conf.getVertices(), "hidden", DenseLayer.class);
      OutputLayer o = layer(conf.getVertices(), Networks.OUT, OutputLayer.class);
      if (d == null || o == null) {
        return null;
      }
      long hiddenParams = d.getNIn() * d.getNOut() + d.getNOut();
      long needed = hiddenParams + o.getNIn() * o.getNOut() + o.getNOut();
      if (needed != params.length) {
        throw new IllegalArgumentException("the head needs " + needed + " parameters, the vector holds " + params.length);
      }
      return read(conf, params, 0, (int) hiddenParams, sentenceSize);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("the Java head failed on an accurate-tier network (" + e
          + "); -D" + ModelEngine.INFERENCE_PROPERTY + "=dl4j runs it in DL4J instead", e);
    }
  }

  static <T extends Layer> T layer(Map<String, GraphVertex> v, String name, Class<T> type) {
    GraphVertex g = v.get(name);
    if (!(g instanceof LayerVertex)) {
      return null;
    }
    Layer l = ((LayerVertex) g).getLayerConf().getLayer();
    return l.getClass() == type ? type.cast(l) : null;
  }

  static float[] slice(float[] p, int from, int n) {
    float[] out = new float[n];
    System.arraycopy(p, from, out, 0, n);
    return out;
  }

  /** A [rows, cols] matrix stored in Fortran order, returned row-major. */
  static float[] fToRowMajor(float[] p, int from, int rows, int cols) {
    float[] out = new float[rows * cols];
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        out[r * cols + c] = p[from + c * rows + r];
      }
    }
    return out;
  }

  int features() {
    return features;
  }

  int targets() {
    return targets;
  }

  int labels() {
    return labels;
  }

  /** Softmax scores for {@code features} (length {@link #features()}) toward target {@code target}. */
  float[] predict(float[] x, int target) {
    if (target < 0 || target >= targets) {
      throw new IndexOutOfBoundsException("target index " + target + " of " + targets);
    }
    // The hidden layer as a sum of weight rows scaled by the inputs (vectorizes; a dot product per
    // unit would be a serial float reduction), skipping inputs that are zero (ReLU outputs often are).
    float[] h = denseB.clone();
    addRow(h, (features + target) * hidden, 1f);
    for (int i = 0; i < features; i++) {
      float v = x[i];
      if (v != 0f) {
        addRow(h, i * hidden, v);
      }
    }
    for (int o = 0; o < hidden; o++) {
      h[o] = Math.max(h[o], 0f);
    }
    float[] z = new float[labels];
    float max = Float.NEGATIVE_INFINITY;
    for (int l = 0; l < labels; l++) {
      float s = outB[l];
      int row = l * hidden;
      for (int o = 0; o < hidden; o++) {
        s += h[o] * outW[row + o];
      }
      z[l] = s;
      max = Math.max(max, s);
    }
    float sum = 0;
    for (int l = 0; l < labels; l++) {
      z[l] = (float) Math.exp(z[l] - max);
      sum += z[l];
    }
    for (int l = 0; l < labels; l++) {
      z[l] /= sum;
    }
    return z;
  }

  private void addRow(float[] h, int from, float x) {
    for (int o = 0; o < hidden; o++) {
      h[o] += x * denseW[from + o];
    }
  }
}
