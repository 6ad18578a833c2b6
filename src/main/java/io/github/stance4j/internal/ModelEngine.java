package io.github.stance4j.internal;

import io.github.stance4j.text.StanceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a trained network on tokenized statements. Two ways to run it give the same answers (to
 * float rounding, checked by tests):
 * <ul>
 *   <li>the {@link CnnKernel}, plain Java on the trained weights, for the CNN architecture: tens
 *       of microseconds per statement, no native memory, no ND4J start-up;</li>
 *   <li>DL4J itself, for every other network (the BiLSTM) or when the system property
 *       {@code stance4j.inference} is {@code dl4j}: each call borrows a private copy of the network
 *       from a pool, since DL4J networks are not safe to share between threads.</li>
 * </ul>
 * Thread-safe. The DL4J network is built only when first needed (inference without the kernel,
 * continued training). Internal.
 */
public final class ModelEngine implements Engine {

  /** Statements per forward pass in {@link #predict}; longer lists are split. */
  public static final int CHUNK = 256;
  /** System property choosing how to run the network: {@code auto} (default) or {@code dl4j}. */
  public static final String INFERENCE_PROPERTY = "stance4j.inference";

  private final NetworkPool pool;
  private final CnnKernel kernel;
  private final Vocabulary vocabulary;
  private final StanceTokenizer tokenizer;
  private final int targets;
  private final int labels;
  /**
   * Whether DL4J may run statements of different lengths in one padded, masked batch. Not for
   * recurrent networks: DL4J 1.0.0-M2.1's bidirectional LSTM runs its backward direction through
   * the padding (masked steps are not skipped), so a padded statement gets another answer than the
   * same statement alone (measured on a trained BiLSTM: up to 0.92 in a probability). They run in
   * batches of equal length instead. Padding is exact for the CNN (tested).
   */
  private final boolean padding;
  private volatile boolean closed;

  /**
   * An engine for a network given as its configuration and flat parameters (as read from a model
   * file). {@code kernel} may be null; {@code network}, if not null, is the already-initialised
   * network with exactly these parameters.
   */
  private ModelEngine(ComputationGraphConfiguration conf, float[] params, CnnKernel kernel,
      ComputationGraph network, Vocabulary vocabulary, StanceTokenizer tokenizer, int targets, int labels) {
    this.pool = new NetworkPool(conf, params, network);
    this.kernel = kernel;
    this.vocabulary = vocabulary;
    this.tokenizer = tokenizer;
    this.targets = targets;
    this.labels = labels;
    this.padding = !recurrent(conf);
  }

  /** Whether the graph has a recurrent layer (plain or bidirectional). */
  static boolean recurrent(ComputationGraphConfiguration conf) {
    for (org.deeplearning4j.nn.conf.graph.GraphVertex v : conf.getVertices().values()) {
      if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex) {
        org.deeplearning4j.nn.conf.layers.Layer l =
            ((org.deeplearning4j.nn.conf.graph.LayerVertex) v).getLayerConf().getLayer();
        if (l instanceof org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer
            || l instanceof org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional) {
          return true;
        }
      }
    }
    return false;
  }

  /** An engine for a freshly trained network. */
  public static ModelEngine of(ComputationGraph network, Vocabulary vocabulary,
      StanceTokenizer tokenizer, int targets, int labels) {
    float[] params = network.params().castTo(DataType.FLOAT).toFloatVector();
    ComputationGraphConfiguration conf = network.getConfiguration();
    return new ModelEngine(conf, params, chooseKernel(conf, params), network, vocabulary,
        tokenizer, targets, labels);
  }

  /**
   * An engine for a network read from a file. No DL4J network is built unless there is no kernel
   * for it (or DL4J inference is asked for); then one copy is built here, so that a broken
   * configuration fails at load time, and kept for the first call.
   *
   * @throws IllegalStateException if the network cannot be built
   */
  public static ModelEngine of(ComputationGraphConfiguration conf, float[] params,
      Vocabulary vocabulary, StanceTokenizer tokenizer, int targets, int labels) {
    CnnKernel k = chooseKernel(conf, params);
    ModelEngine e = new ModelEngine(conf, params, k, null, vocabulary, tokenizer, targets, labels);
    if (k == null) {
      e.pool.warmUp();
    }
    return e;
  }

  private static CnnKernel chooseKernel(ComputationGraphConfiguration conf, float[] params) {
    return kernelsAllowed() ? CnnKernel.compile(conf, params) : null;
  }

  /**
   * Whether networks may run in the Java kernels: {@code false} when the system property
   * {@value #INFERENCE_PROPERTY} is {@code dl4j}.
   *
   * @throws IllegalArgumentException if the property has another value than auto or dl4j
   */
  static boolean kernelsAllowed() {
    String mode = System.getProperty(INFERENCE_PROPERTY, "auto").strip();
    if (!mode.equals("auto") && !mode.equals("dl4j")) {
      throw new IllegalArgumentException("system property " + INFERENCE_PROPERTY
          + " must be auto or dl4j, was \"" + mode + "\"");
    }
    return mode.equals("auto");
  }

  @Override
  public double[][] classify(List<String> statements, int[] targetIdx) {
    List<int[]> seqs = new ArrayList<>(statements.size());
    for (String s : statements) {
      seqs.add(encode(s));
    }
    return predict(seqs, targetIdx);
  }

  @Override
  public int maxTokens() {
    return tokenizer.maxTokens();
  }

  /** The number of targets the network was trained on. */
  @Override
  public int targets() {
    return targets;
  }

  /** Whether statements run in the Java kernel rather than in DL4J. */
  public boolean usesKernel() {
    return kernel != null;
  }

  /** The network's configuration. */
  @Override
  public ComputationGraphConfiguration configuration() {
    return pool.configuration();
  }

  /** A copy of the flat parameter vector, in DL4J's order. */
  @Override
  public float[] params() {
    return pool.paramsView().clone();
  }

  /** The DL4J network with this engine's parameters, built (and ND4J started) on first use. */
  @Override
  public ComputationGraph network() {
    return pool.network();
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public StanceTokenizer tokenizer() {
    return tokenizer;
  }

  /** Word indices of a statement; never empty (an empty statement becomes one unknown word). */
  public int[] encode(String statement) {
    return encode(tokenizer, vocabulary, statement);
  }

  /** Word indices of a statement; never empty (an empty statement becomes one unknown word). */
  public static int[] encode(StanceTokenizer tokenizer, Vocabulary vocabulary, String statement) {
    List<String> tokens = tokenizer.tokenize(statement);
    if (tokens.isEmpty()) {
      return new int[] {Vocabulary.UNK_ID};
    }
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = vocabulary.id(tokens.get(i));
    }
    return ids;
  }

  /** Network inputs for a batch: token indices padded to the longest, its mask, one-hot targets. */
  public static INDArray[] inputs(List<int[]> seqs, int[] targetIdx, int targets) {
    int b = seqs.size();
    int t = 1;
    for (int[] s : seqs) {
      t = Math.max(t, s.length);
    }
    float[][] tok = new float[b][t];
    float[][] mask = new float[b][t];
    float[][] tg = new float[b][targets];
    boolean padded = false;
    for (int i = 0; i < b; i++) {
      int[] s = seqs.get(i);
      for (int j = 0; j < s.length; j++) {
        tok[i][j] = s[j];
        mask[i][j] = 1f;
      }
      padded |= s.length < t;
      tg[i][targetIdx[i]] = 1f;
    }
    return new INDArray[] {
        Nd4j.createFromArray(tok),
        Nd4j.createFromArray(tg),
        padded ? Nd4j.createFromArray(mask) : null
    };
  }

  /**
   * Probabilities per label for each statement (already encoded) toward the target at the same
   * position; each equals the statement's answer alone (to float rounding). In DL4J, statements
   * are sorted by length and run in batches of up to {@link #CHUNK}: padded to the longest for the
   * CNN, of one length only for recurrent networks.
   */
  public double[][] predict(List<int[]> seqs, int[] targetIdx) {
    ensureOpen();
    double[][] out = new double[seqs.size()][];
    if (kernel != null) {
      for (int i = 0; i < out.length; i++) {
        out[i] = normalize(kernel.predict(seqs.get(i), targetIdx[i]), labels);
      }
      return out;
    }
    Integer[] order = new Integer[seqs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> seqs.get(i).length));
    ComputationGraph net = pool.borrow();
    try {
      for (int start = 0, end; start < order.length; start = end) {
        end = Math.min(order.length, start + CHUNK);
        if (!padding) {
          int len = seqs.get(order[start]).length;
          int k = start + 1;
          while (k < end && seqs.get(order[k]).length == len) {
            k++;
          }
          end = k;
        }
        List<int[]> chunk = new ArrayList<>(end - start);
        int[] tg = new int[end - start];
        for (int k = start; k < end; k++) {
          chunk.add(seqs.get(order[k]));
          tg[k - start] = targetIdx[order[k]];
        }
        double[][] p = forward(net, chunk, tg);
        for (int k = start; k < end; k++) {
          out[order[k]] = p[k - start];
        }
      }
    } finally {
      pool.release(net);
    }
    return out;
  }

  /**
   * Raw network output (softmax scores) for one padded batch. The input and output arrays are
   * closed before returning, so their native memory is freed at once rather than when ND4J's
   * deallocator threads get to them (in DL4J 1.0.0-M2.1 those threads fall behind under sustained
   * load; see the README's "Long runs").
   */
  public static float[][] output(ComputationGraph net, List<int[]> seqs, int[] targetIdx, int targets) {
    return output(net, inputs(seqs, targetIdx, targets));
  }

  /**
   * Network output for inputs {@code {first, second, maskOfFirstOrNull}}; closes the inputs and the
   * output array before returning.
   */
  public static float[][] output(ComputationGraph net, INDArray[] in) {
    try {
      INDArray[] masks = in[2] == null ? null : new INDArray[] {in[2], null};
      INDArray out = net.output(false, new INDArray[] {in[0], in[1]}, masks)[0];
      try {
        return out.toFloatMatrix();
      } finally {
        close(out);
      }
    } finally {
      close(in);
    }
  }

  /** Frees the native memory of arrays this library created and owns. */
  public static void close(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a != null && a.closeable()) {
        a.close();
      }
    }
  }

  private double[][] forward(ComputationGraph net, List<int[]> chunk, int[] tg) {
    float[][] f = output(net, chunk, tg, targets);
    double[][] p = new double[f.length][];
    for (int i = 0; i < f.length; i++) {
      p[i] = normalize(f[i], labels);
    }
    return p;
  }

  /**
   * A network's softmax row as probabilities summing to 1 (in double).
   *
   * @throws IllegalStateException if the row has the wrong length or holds an invalid value
   */
  static double[] normalize(float[] row, int labels) {
    if (row.length != labels) {
      throw new IllegalStateException("network returned " + row.length + " scores, expected " + labels);
    }
    double[] d = new double[row.length];
    double sum = 0;
    for (int i = 0; i < row.length; i++) {
      if (!Float.isFinite(row[i]) || row[i] < 0) {
        throw new IllegalStateException("network returned an invalid probability " + row[i]);
      }
      d[i] = row[i];
      sum += d[i];
    }
    if (sum <= 0) {
      throw new IllegalStateException("network returned all-zero probabilities");
    }
    for (int i = 0; i < d.length; i++) {
      d[i] /= sum;
    }
    return d;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this StanceClassifier is closed");
    }
  }

  /**
   * DL4J network copies now idle in the pool: after concurrent calls, more than one shows that
   * forward passes overlapped (for tests).
   */
  public int idleCopies() {
    return pool.idleCopies();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    pool.clear();
  }
}
