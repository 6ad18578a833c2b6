package io.github.stance4j.internal;

import io.github.stance4j.text.WordPieceTokenizer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A fine-tuned accurate-tier model ({@code MINILM_FINETUNED}) at inference: each statement with its
 * target as the WordPiece pair {@code [CLS] target [SEP] statement [SEP]} (token types 0, then 1),
 * all-MiniLM-L6-v2 with the fine-tuned parameters written into its ONNX graph
 * ({@link MiniLmWeights#withReplacedInitializers}) and run by ONNX Runtime, the mean of the last
 * layer's token outputs, then the linear softmax head in plain Java. Internal.
 *
 * <p><b>Threads.</b> Thread-safe: the encoder session accepts concurrent calls
 * ({@link MiniLmEncoder}), and the head and the tokenizer hold no per-call state. Unlike the frozen
 * accurate tier, each fine-tuned model owns its encoder session (about 90 MB of native memory),
 * freed by {@link #close()}.
 *
 * <p>It has no DL4J network: {@link #configuration()} and {@link #network()} throw
 * {@link UnsupportedOperationException}; {@link #params()} is the head.
 */
public final class FinetunedEngine implements Engine {

  /** Statements per encoder call, taken in length order (as {@link EncoderEngine}). */
  static final int ENCODER_BATCH = 8;
  /** How the changed encoder parameters are stored in the model file, and rounded in memory. */
  public static final EncoderDelta.Precision PRECISION = EncoderDelta.Precision.FLOAT16;

  private final MiniLmEncoder encoder;
  private final WordPieceTokenizer tokenizer = WordPieceTokenizer.miniLm();
  private final Map<String, float[]> changed;
  private final float[] head;
  private final List<String> targets;
  private final int labels;
  private final int maxTokens;
  private volatile boolean closed;

  private FinetunedEngine(MiniLmEncoder encoder, Map<String, float[]> changed, float[] head,
      List<String> targets, int labels, int maxTokens) {
    this.encoder = encoder;
    this.changed = changed;
    this.head = head;
    this.targets = targets;
    this.labels = labels;
    this.maxTokens = maxTokens;
  }

  /**
   * Builds the engine.
   *
   * @param encoderModel the ONNX bytes of the encoder the model was trained on (the classpath's);
   *     not modified
   * @param encoderSha256 their SHA-256, as the caller computed and checked it (not hashed again)
   * @param changed the fine-tuned encoder parameters by canonical name, already as stored (see
   *     {@link #PRECISION}); copied
   * @param head the linear head: {@code [hidden, labels]} row-major weights, then {@code labels}
   *     biases; copied
   * @param targets the model's targets, whose text is read as the pair's first segment
   * @param maxTokens WordPiece ids per pair, specials included, 8 to {@link MiniLmEncoder#MAX_LENGTH}
   * @throws IllegalArgumentException if a parameter name or size does not fit the encoder, the head
   *     has the wrong size, or {@code maxTokens} is out of range
   * @throws IllegalStateException if ONNX Runtime cannot load the changed model
   */
  public static FinetunedEngine of(byte[] encoderModel, String encoderSha256, Map<String, float[]> changed,
      float[] head, List<String> targets, int labels, int maxTokens) {
    Objects.requireNonNull(encoderModel, "encoderModel");
    Objects.requireNonNull(changed, "changed");
    Objects.requireNonNull(head, "head");
    if (maxTokens < 8 || maxTokens > MiniLmEncoder.MAX_LENGTH) {
      throw new IllegalArgumentException("maxTokens must be between 8 and " + MiniLmEncoder.MAX_LENGTH + ", was " + maxTokens);
    }
    if (labels < 2 || head.length != (MiniLmEncoder.DIMENSION + 1) * labels) {
      throw new IllegalArgumentException("the head has " + head.length + " values; " + labels + " labels need "
          + (MiniLmEncoder.DIMENSION + 1) * labels);
    }
    Map<String, float[]> copy = new LinkedHashMap<>();
    changed.forEach((k, v) -> copy.put(k, v.clone()));
    byte[] model = MiniLmWeights.withReplacedInitializers(encoderModel, copy);
    MiniLmEncoder enc = MiniLmEncoder.load(model, encoderSha256, MiniLmEncoder.DEFAULT_THREADS);
    return new FinetunedEngine(enc, Collections.unmodifiableMap(copy), head.clone(), List.copyOf(targets),
        labels, maxTokens);
  }

  /**
   * The pair input {@code {ids, types}}: {@code [CLS] target [SEP] statement [SEP]}, types 0 up to
   * and including the first {@code [SEP]}, 1 after it. The target keeps at most half of
   * {@code maxTokens}; the statement is cut to what is left. Training and inference both use this.
   */
  public static int[][] pair(WordPieceTokenizer tok, String target, String statement, int maxTokens) {
    int[] t = tok.encode(target, Math.max(3, maxTokens / 2)).ids();
    int[] s = tok.encode(statement, maxTokens - t.length + 1).ids();
    int[] ids = new int[t.length + s.length - 1];
    int[] types = new int[ids.length];
    System.arraycopy(t, 0, ids, 0, t.length);
    System.arraycopy(s, 1, ids, t.length, s.length - 1);
    Arrays.fill(types, t.length, ids.length, 1);
    return new int[][] {ids, types};
  }

  @Override
  public double[][] classify(List<String> statements, int[] targetIdx) {
    float[][] pooled = pooled(statements, targetIdx);
    double[][] out = new double[pooled.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = probabilities(pooled[i]);
    }
    return out;
  }

  /** The pooled encoder output of each statement paired with its target, in input order. */
  float[][] pooled(List<String> statements, int[] targetIdx) {
    ensureOpen();
    int n = statements.size();
    int[][] ids = new int[n][];
    int[][] types = new int[n][];
    for (int i = 0; i < n; i++) {
      int[][] p = pair(tokenizer, targets.get(targetIdx[i]), statements.get(i), maxTokens);
      ids[i] = p[0];
      types[i] = p[1];
    }
    float[][] out = new float[n][];
    encoder.encodeEach(Arrays.asList(ids), Arrays.asList(types), ENCODER_BATCH, (i, h) -> out[i] = mean(h));
    return out;
  }

  /** Mean over all token rows ({@code [CLS]} and {@code [SEP]} included), as the graph pools. */
  static float[] mean(float[][] tokens) {
    double[] v = new double[tokens[0].length];
    for (float[] t : tokens) {
      for (int d = 0; d < v.length; d++) {
        v[d] += t[d];
      }
    }
    float[] out = new float[v.length];
    for (int d = 0; d < v.length; d++) {
      out[d] = (float) (v[d] / tokens.length);
    }
    return out;
  }

  /** Softmax of the head's logits for one pooled vector. */
  double[] probabilities(float[] pooled) {
    int hidden = pooled.length;
    double[] z = new double[labels];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < labels; j++) {
      double s = head[hidden * labels + j];
      for (int d = 0; d < hidden; d++) {
        s += (double) pooled[d] * head[d * labels + j];
      }
      z[j] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int j = 0; j < labels; j++) {
      z[j] = Math.exp(z[j] - max);
      sum += z[j];
    }
    for (int j = 0; j < labels; j++) {
      z[j] /= sum;
    }
    return z;
  }

  /** The fine-tuned encoder parameters by canonical name (as stored; do not modify the arrays). */
  public Map<String, float[]> changedWeights() {
    return changed;
  }

  /** A copy of the head: {@code [hidden, labels]} weights, then biases. */
  public float[] head() {
    return head.clone();
  }

  /** The number of labels. */
  public int labels() {
    return labels;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this StanceClassifier is closed");
    }
  }

  /** @throws UnsupportedOperationException always: a fine-tuned model has no DL4J network */
  @Override
  public ComputationGraphConfiguration configuration() {
    throw new UnsupportedOperationException("a fine-tuned MiniLM model has no DL4J network");
  }

  /** The head, as {@link #head()}. */
  @Override
  public float[] params() {
    return head();
  }

  /** @throws UnsupportedOperationException always: a fine-tuned model has no DL4J network */
  @Override
  public ComputationGraph network() {
    throw new UnsupportedOperationException("a fine-tuned MiniLM model has no DL4J network");
  }

  @Override
  public int maxTokens() {
    return maxTokens;
  }

  @Override
  public int targets() {
    return targets.size();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Frees the encoder session after calls in progress finish. Idempotent. */
  @Override
  public void close() {
    closed = true;
    encoder.close();
  }
}
