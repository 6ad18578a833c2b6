package io.github.stance4j.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.util.GraphIndices;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/**
 * The CNN network of {@link Networks} evaluated in plain Java, on the same trained weights, for
 * inference only. DL4J's forward pass costs about a millisecond per call in per-operation and
 * native-call overhead and allocates native buffers that its deallocator threads free late; this
 * kernel does the same arithmetic on Java arrays with no native memory, in tens of microseconds.
 *
 * <p>It is exact up to float rounding (tests compare it with DL4J's output on held-out data) and
 * uses one algebraic shortcut: the convolution of an embedded word is linear in the embedding, so
 * for each vocabulary word the products of its embedding with every filter tap are computed once
 * (lazily, on first use) and a convolution becomes a sum of cached rows.
 *
 * <p>{@link #compile} accepts only the exact graph that {@link Networks} builds for
 * {@code Architecture.CNN} and returns {@code null} for any other graph, which then runs in DL4J. A
 * fault while reading a CNN graph's weights is thrown, never turned into a silent fallback.
 * Thread-safe: the weights are immutable and the per-word cache is an atomic array whose rows are
 * immutable once published. Internal.
 */
public final class CnnKernel {

  private final int vocab;
  private final int emb;
  private final int filters;
  private final float[] embedding; // [vocab][emb], row-major
  private final int[] widths;
  private final int[] padLeft;
  private final int[] tapOffset; // first tap of each width in a cached row
  private final int taps;
  private final float[][] convW; // per width: [width][emb][filters], as DL4J's Conv1D reads its W
  private final float[][] convB; // per width: [filters]
  private final DenseHead head;
  private final AtomicReferenceArray<float[]> rows;

  private CnnKernel(int vocab, int emb, int filters, float[] embedding, int[] widths,
      float[][] convW, float[][] convB, DenseHead head) {
    this.vocab = vocab;
    this.emb = emb;
    this.filters = filters;
    this.embedding = embedding;
    this.widths = widths;
    this.convW = convW;
    this.convB = convB;
    this.head = head;
    this.padLeft = new int[widths.length];
    this.tapOffset = new int[widths.length];
    int t = 0;
    for (int i = 0; i < widths.length; i++) {
      padLeft[i] = (widths[i] - 1) / 2;
      tapOffset[i] = t;
      t += widths[i];
    }
    this.taps = t;
    this.rows = new AtomicReferenceArray<>(vocab);
  }

  /**
   * A kernel for {@code conf} with the flat DL4J parameter vector {@code params}, or {@code null} if
   * the graph is not the CNN this kernel implements (every layer, activation, padding mode and
   * size is checked; such a graph runs in DL4J).
   *
   * @throws IllegalArgumentException if the graph is the CNN but {@code params} does not have the
   *     number of values it needs
   * @throws IllegalStateException if reading a CNN graph's weights fails in any other way: a fault
   *     in this class, reported rather than hidden behind a silent fallback to DL4J (the message
   *     says how to run the model in DL4J instead)
   */
  public static CnnKernel compile(ComputationGraphConfiguration conf, float[] params) {
    try {
      return compileChecked(conf, params);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("the Java CNN kernel failed on a CNN network (" + e
          + "); -D" + ModelEngine.INFERENCE_PROPERTY + "=dl4j runs the model in DL4J instead", e);
    }
  }

  private static CnnKernel compileChecked(ComputationGraphConfiguration conf, float[] params) {
    Map<String, GraphVertex> v = conf.getVertices();
    EmbeddingSequenceLayer e = DenseHead.layer(v, Networks.EMBEDDING, EmbeddingSequenceLayer.class);
    if (e == null || !(v.get("features") instanceof MergeVertex) || e.hasBias()
        || !is(e.getActivationFn(), ActivationIdentity.class)) {
      return null;
    }
    List<String> mergeIn = conf.getVertexInputs().get("features");
    if (mergeIn == null || mergeIn.size() < 2 || !Networks.TARGET.equals(mergeIn.get(mergeIn.size() - 1))
        || !List.of("features").equals(conf.getVertexInputs().get("hidden"))
        || !List.of("hidden").equals(conf.getVertexInputs().get(Networks.OUT))) {
      return null;
    }
    int vocab = (int) e.getNIn();
    int emb = (int) e.getNOut();
    int nw = mergeIn.size() - 1;
    int[] widths = new int[nw];
    String[] convNames = new String[nw];
    int filters = -1;
    for (int i = 0; i < nw; i++) {
      String pool = mergeIn.get(i);
      GlobalPoolingLayer p = DenseHead.layer(v, pool, GlobalPoolingLayer.class);
      List<String> pin = conf.getVertexInputs().get(pool);
      if (p == null || p.getPoolingType() != PoolingType.MAX || pin == null || pin.size() != 1) {
        return null;
      }
      Convolution1DLayer c = DenseHead.layer(v, pin.get(0), Convolution1DLayer.class);
      if (c == null || !List.of(Networks.EMBEDDING).equals(conf.getVertexInputs().get(pin.get(0)))
          || c.getConvolutionMode() != ConvolutionMode.Same || !c.hasBias()
          || !is(c.getActivationFn(), ActivationReLU.class)
          || c.getKernelSize() == null || c.getStride() == null || c.getDilation() == null
          || c.getStride()[0] != 1 || c.getDilation()[0] != 1 || c.getNIn() != emb
          || (filters >= 0 && c.getNOut() != filters)) {
        return null;
      }
      filters = (int) c.getNOut();
      widths[i] = c.getKernelSize()[0];
      convNames[i] = pin.get(0);
    }
    if (DenseHead.layer(v, "hidden", org.deeplearning4j.nn.conf.layers.DenseLayer.class) == null
        || DenseHead.layer(v, Networks.OUT, org.deeplearning4j.nn.conf.layers.OutputLayer.class) == null) {
      return null;
    }
    // Slice the flat vector in DL4J's order: layers in topological order; within a layer the
    // order of its ParamInitializer (embedding W; convolution b, W; dense and output W, b).
    // Convolution1DLayer declares W as [nOut, nIn, k, 1], but its Conv1D op reads the same
    // memory as [k, nIn, nOut]; InferenceParityTest pins this against DL4J's own output.
    long needed = 0;
    for (GraphVertex g : v.values()) {
      if (g instanceof LayerVertex) {
        LayerVertex lv = (LayerVertex) g;
        needed += lv.getLayerConf().getLayer().initializer().numParams(lv.getLayerConf());
      }
    }
    if (needed != params.length) {
      throw new IllegalArgumentException("the network needs " + needed + " parameters, the vector holds " + params.length);
    }
    int pos = 0;
    float[] embedding = null;
    float[][] convW = new float[nw][];
    float[][] convB = new float[nw][];
    int hiddenAt = -1;
    int outAt = -1;
    for (String name : topologicalOrder(conf)) {
      GraphVertex g = v.get(name);
      if (name.equals(Networks.EMBEDDING)) {
        embedding = DenseHead.fToRowMajor(params, pos, vocab, emb);
      } else if (name.equals("hidden")) {
        hiddenAt = pos;
      } else if (name.equals(Networks.OUT)) {
        outAt = pos;
      } else {
        for (int i = 0; i < nw; i++) {
          if (name.equals(convNames[i])) {
            convB[i] = DenseHead.slice(params, pos, filters);
            convW[i] = DenseHead.slice(params, pos + filters, filters * emb * widths[i]);
          }
        }
      }
      if (g instanceof LayerVertex) {
        LayerVertex lv = (LayerVertex) g;
        pos += (int) lv.getLayerConf().getLayer().initializer().numParams(lv.getLayerConf());
      }
    }
    DenseHead head = DenseHead.read(conf, params, hiddenAt, outAt, nw * filters);
    if (head == null) {
      return null; // a hidden or output layer of another kind or size than the head computes
    }
    if (pos != params.length || embedding == null) {
      throw new IllegalStateException("sliced " + pos + " of " + params.length + " parameters"
          + (embedding == null ? " and found no embedding" : ""));
    }
    return new CnnKernel(vocab, emb, filters, embedding, widths, convW, convB, head);
  }

  /**
   * The vertices in DL4J's topological order, which is also the order of the flat parameter
   * vector. A configuration read from a model file, or taken from an initialised network, carries
   * it; one that no network has used yet does not, and then it is computed as DL4J computes it
   * (plain Java: no network is initialised and ND4J is not started).
   */
  static List<String> topologicalOrder(ComputationGraphConfiguration conf) {
    List<String> order = conf.getTopologicalOrderStr();
    if (order != null) {
      return order;
    }
    GraphIndices gi = new ComputationGraph(conf).calculateIndices();
    List<String> names = new java.util.ArrayList<>();
    for (int i : gi.getTopologicalSortOrder()) {
      names.add(gi.getIdxToName().get(i));
    }
    return names;
  }

  private static boolean is(IActivation a, Class<? extends IActivation> type) {
    return a != null && a.getClass() == type;
  }

  /**
   * Softmax scores per label for one statement (word indices, at least one) toward target index
   * {@code target}.
   *
   * @throws IndexOutOfBoundsException if a word index or the target is out of range
   */
  public float[] predict(int[] ids, int target) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("empty statement");
    }
    if (target < 0 || target >= head.targets()) {
      throw new IndexOutOfBoundsException("target index " + target + " of " + head.targets());
    }
    return head.predict(features(ids), target);
  }

  /** Max-pooled convolution features of a statement, [widths][filters] flattened. */
  float[] features(int[] ids) {
    int n = ids.length;
    float[][] cached = new float[n][];
    for (int t = 0; t < n; t++) {
      cached[t] = row(ids[t]);
    }
    int nw = widths.length;
    float[] features = new float[nw * filters];
    int blocked = filters - filters % 4;
    for (int w = 0; w < nw; w++) {
      int k = widths[w];
      int pl = padLeft[w];
      int tap0 = tapOffset[w];
      float[] bias = convB[w];
      int base = w * filters;
      for (int t = 0; t < n; t++) {
        // Taps that fall inside the statement; outside it the padding is zero.
        int jFrom = Math.max(0, pl - t);
        int jTo = Math.min(k, n - t + pl);
        // Four filters at a time in registers: one read of each cached value, one write of the
        // running maximum (ReLU then max over time; features start at 0, below any ReLU output).
        for (int f = 0; f < blocked; f += 4) {
          float a0 = bias[f];
          float a1 = bias[f + 1];
          float a2 = bias[f + 2];
          float a3 = bias[f + 3];
          for (int j = jFrom; j < jTo; j++) {
            float[] r = cached[t - pl + j];
            int o = (tap0 + j) * filters + f;
            a0 += r[o];
            a1 += r[o + 1];
            a2 += r[o + 2];
            a3 += r[o + 3];
          }
          int b = base + f;
          features[b] = Math.max(features[b], a0);
          features[b + 1] = Math.max(features[b + 1], a1);
          features[b + 2] = Math.max(features[b + 2], a2);
          features[b + 3] = Math.max(features[b + 3], a3);
        }
        for (int f = blocked; f < filters; f++) {
          float a = bias[f];
          for (int j = jFrom; j < jTo; j++) {
            a += cached[t - pl + j][(tap0 + j) * filters + f];
          }
          features[base + f] = Math.max(features[base + f], a);
        }
      }
    }
    return features;
  }

  /** The filter taps applied to word {@code id}'s embedding: [taps][filters], computed once. */
  private float[] row(int id) {
    if (id < 0 || id >= vocab) {
      throw new IndexOutOfBoundsException("word index " + id + " of " + vocab);
    }
    float[] r = rows.get(id);
    if (r != null) {
      return r;
    }
    r = new float[taps * filters];
    int e0 = id * emb;
    for (int w = 0; w < widths.length; w++) {
      int k = widths[w];
      float[] cw = convW[w];
      for (int j = 0; j < k; j++) {
        int off = (tapOffset[w] + j) * filters;
        for (int e = 0; e < emb; e++) {
          float x = embedding[e0 + e];
          int wrow = (j * emb + e) * filters;
          for (int f = 0; f < filters; f++) {
            r[off + f] += x * cw[wrow + f];
          }
        }
      }
    }
    rows.compareAndSet(id, null, r);
    return rows.get(id);
  }
}
