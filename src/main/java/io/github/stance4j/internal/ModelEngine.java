package io.github.stance4j.internal;

import io.github.stance4j.text.StanceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a trained network on tokenized statements. Thread-safe: each call borrows a private copy
 * of the network from a pool (DL4J networks are not safe to share between threads), so concurrent
 * calls never see each other's activations. Internal.
 */
public final class ModelEngine implements AutoCloseable {

  /** Statements per forward pass in {@link #predict}; longer lists are split. */
  public static final int CHUNK = 256;

  private final ComputationGraph prototype;
  private final Vocabulary vocabulary;
  private final StanceTokenizer tokenizer;
  private final int targets;
  private final int labels;
  private final ConcurrentLinkedDeque<ComputationGraph> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  public ModelEngine(ComputationGraph network, Vocabulary vocabulary, StanceTokenizer tokenizer,
      int targets, int labels) {
    NativeRuntime.init();
    this.prototype = network;
    this.vocabulary = vocabulary;
    this.tokenizer = tokenizer;
    this.targets = targets;
    this.labels = labels;
    idle.push(network.clone());
  }

  public ComputationGraph network() {
    return prototype;
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
   * position. Sorts by length inside the call so that padding stays small.
   */
  public double[][] predict(List<int[]> seqs, int[] targetIdx) {
    ensureOpen();
    double[][] out = new double[seqs.size()][];
    Integer[] order = new Integer[seqs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> seqs.get(i).length));
    ComputationGraph net = borrow();
    try {
      for (int start = 0; start < order.length; start += CHUNK) {
        int end = Math.min(order.length, start + CHUNK);
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
      idle.push(net);
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
    INDArray[] in = inputs(seqs, targetIdx, targets);
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
      p[i] = normalize(f[i]);
    }
    return p;
  }

  private double[] normalize(float[] row) {
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

  private ComputationGraph borrow() {
    ComputationGraph g = idle.poll();
    if (g != null) {
      return g;
    }
    synchronized (prototype) {
      return prototype.clone();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this StanceClassifier is closed");
    }
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    idle.clear();
  }
}
