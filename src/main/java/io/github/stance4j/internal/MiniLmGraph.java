package io.github.stance4j.internal;

import io.github.stance4j.internal.MiniLmWeights.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A BERT encoder (all-MiniLM-L6-v2 and its kind: post-layer-norm, exact GELU, absolute position and
 * token-type embeddings) built as a SameDiff graph on given {@link MiniLmWeights}, so that it can be
 * run or trained in DL4J. Internal.
 *
 * <p><b>Graph.</b> Placeholders, all {@code INT32 [batch, sequence]}: {@value #INPUT_IDS},
 * {@value #ATTENTION_MASK} (1 for a token, 0 for padding) and {@value #TOKEN_TYPE_IDS}. Outputs:
 * {@value #LAST_HIDDEN_STATE} {@code [batch, sequence, hidden]}, the token states of the last layer
 * (as the ONNX export's output of the same name; rows of padding hold values that mean nothing),
 * and {@value #POOLED} {@code [batch, hidden]}, their mean over the unmasked tokens (the
 * sentence-transformers pooling of this model, before its L2 normalisation). Per layer:
 * {@code a = LN(x + Attention(x) Wo + bo)}, {@code x' = LN(a + GELU(a Wi + bi) Wo2 + bo2)}, with
 * {@code Attention} softmax({@code q k^T / sqrt(d)} + mask bias) {@code v} over
 * {@link Config#heads()} heads; the embeddings are {@code LN(word + position + type)}. The
 * attention mask adds {@value #MASKED_SCORE} to the scores of padded keys (the ONNX export adds the
 * most negative float; both give those keys a weight of exactly 0 in float and double). GELU is the
 * exact {@code 0.5 x (1 + erf(x / sqrt 2))}: ND4J's {@code gelu} is the sigmoid approximation
 * {@code x sigmoid(1.702 x)}, too far off (4e-3 at x = 1) for the pretrained weights. Layer norm is
 * ND4J's {@code layer_norm}, which has no epsilon parameter: the model's 1e-12 on the variance is
 * below float resolution for these activations (the parity test against ONNX Runtime measures the
 * whole graph to 1e-4).
 *
 * <p><b>Trainable or constant.</b> The {@link Trainable} given to the constructor decides which
 * parameters are SameDiff {@code VARIABLE}s, which {@code SameDiff.fit} updates, and which are
 * {@code CONSTANT}s: the top {@link Trainable#topLayers()} layers, and the embeddings by
 * {@link Embeddings}. Trainable variables take the canonical names of {@link MiniLmWeights}
 * ({@link #trainableVariables()}), so a trainer can save exactly what it changed. The frozen word
 * embeddings are read with {@code gather} (forward only); trainable ones with one-hot ids times the
 * matrix, because in this graph the gradient of ND4J 1.0.0-M2.1's {@code gather} fails (measured:
 * {@code fit} throws "One of Input arguments was closed before call", {@code calculateGradients}
 * "Output array did not match expected shape"), which makes a trainable word matrix cost a
 * {@code [tokens, 30522] x [30522, hidden]} product each way. To train, add a head on {@link #pooled()} (or
 * {@link #lastHiddenState()}) to {@link #sameDiff()}, set a loss variable and a training
 * configuration whose feature mapping is {@link #INPUT_IDS}, {@link #ATTENTION_MASK},
 * {@link #TOKEN_TYPE_IDS} (the order of {@link Batch#features()}). There is no dropout in the graph:
 * ND4J 1.0.0-M2.1's {@code sd.nn().dropout} also drops in {@code output} and does not rescale the
 * kept values (measured), so a trainer must add its own (e.g. a mask fed as a placeholder, all ones
 * at inference).
 *
 * <p><b>Threads and memory.</b> Not thread-safe: a SameDiff instance keeps per-call state
 * (placeholder values, its inference session), so one thread at a time may run or train it; use one
 * graph per thread for parallel inference. Building copies the weights into native memory (about
 * 90 MB for MiniLM in float); ND4J frees it, and the arrays of each call, only when the Java garbage
 * collector finds them unreachable, so a training loop should collect garbage every few steps.
 */
public final class MiniLmGraph {

  /** Placeholder: word-piece ids, {@code INT32 [batch, sequence]}. */
  public static final String INPUT_IDS = "input_ids";
  /** Placeholder: 1 for a token, 0 for padding, {@code INT32 [batch, sequence]}. */
  public static final String ATTENTION_MASK = "attention_mask";
  /** Placeholder: token types (0 for the first segment, 1 for the second), {@code INT32 [batch, sequence]}. */
  public static final String TOKEN_TYPE_IDS = "token_type_ids";
  /** Output: the last layer's token states, {@code [batch, sequence, hidden]}. */
  public static final String LAST_HIDDEN_STATE = "last_hidden_state";
  /** Output: the mean of the last layer's unmasked token states, {@code [batch, hidden]}. */
  public static final String POOLED = "pooled";
  /** Added to the attention score of every padded key. */
  public static final double MASKED_SCORE = -10000.0;

  /** Which embedding parameters are trainable. */
  public enum Embeddings {
    /** All constants; the word matrix is read with gather. */
    FROZEN,
    /** Position and token-type embeddings and the embeddings' layer norm are trainable; the word matrix is a constant. */
    ALL_BUT_WORDS,
    /** All trainable, the word matrix through one-hot ids times the matrix. */
    ALL
  }

  /**
   * Which parameters are SameDiff variables (trained) rather than constants.
   *
   * @param topLayers how many of the top layers are trainable, 0 to {@link Config#layers()}
   * @param embeddings which embedding parameters are trainable
   */
  public record Trainable(int topLayers, Embeddings embeddings) {
    /** Nothing trainable: for inference. */
    public static final Trainable NONE = new Trainable(0, Embeddings.FROZEN);

    public Trainable {
      Objects.requireNonNull(embeddings, "embeddings");
      if (topLayers < 0) {
        throw new IllegalArgumentException("topLayers must be at least 0, was " + topLayers);
      }
    }

    /** The top {@code k} layers trainable, embeddings frozen. */
    public static Trainable topLayers(int k) {
      return new Trainable(k, Embeddings.FROZEN);
    }

    /** Every parameter of a model of {@code config} trainable. */
    public static Trainable all(Config config) {
      return new Trainable(config.layers(), Embeddings.ALL);
    }
  }

  /**
   * One padded batch as the graph's placeholders, with each sequence's length.
   *
   * @param inputIds {@code INT32 [batch, longest]}, padded with 0
   * @param attentionMask {@code INT32 [batch, longest]}, 1 for a token, 0 for padding
   * @param tokenTypeIds {@code INT32 [batch, longest]}, padded with 0
   * @param lengths the unpadded length of each sequence
   */
  public record Batch(INDArray inputIds, INDArray attentionMask, INDArray tokenTypeIds, int[] lengths) {
    /** The placeholder values by name. */
    public Map<String, INDArray> placeholders() {
      Map<String, INDArray> m = new LinkedHashMap<>();
      m.put(INPUT_IDS, inputIds);
      m.put(ATTENTION_MASK, attentionMask);
      m.put(TOKEN_TYPE_IDS, tokenTypeIds);
      return m;
    }

    /** The placeholders in the order of a training configuration's feature mapping. */
    public INDArray[] features() {
      return new INDArray[] {inputIds, attentionMask, tokenTypeIds};
    }
  }

  private final Config config;
  private final Trainable trainable;
  private final DataType dataType;
  private final SameDiff sd;
  private final SDVariable lastHiddenState;
  private final SDVariable pooled;
  private final List<String> trainableVariables = new ArrayList<>();

  /**
   * Builds the graph.
   *
   * @param weights the encoder's weights, copied into the graph (and cast to {@code dataType})
   * @param trainable which parameters become trainable variables; {@link Trainable#NONE} for
   *     inference
   * @param dataType {@link DataType#FLOAT} to run the model; {@link DataType#DOUBLE} for gradient
   *     checks
   * @throws IllegalArgumentException if {@code trainable} asks for more layers than there are, or
   *     {@code dataType} is not FLOAT or DOUBLE
   */
  public MiniLmGraph(MiniLmWeights weights, Trainable trainable, DataType dataType) {
    this.config = weights.config();
    this.trainable = Objects.requireNonNull(trainable, "trainable");
    this.dataType = Objects.requireNonNull(dataType, "dataType");
    if (trainable.topLayers() > config.layers()) {
      throw new IllegalArgumentException("topLayers " + trainable.topLayers() + " exceeds the model's "
          + config.layers() + " layers");
    }
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, was " + dataType);
    }
    NativeRuntime.init();
    this.sd = SameDiff.create();
    SDVariable[] out = build(weights);
    this.lastHiddenState = out[0];
    this.pooled = out[1];
  }

  private SDVariable[] build(MiniLmWeights w) {
    int hidden = config.hidden();
    int heads = config.heads();
    int headSize = config.headSize();
    DataType dt = dataType;

    SDVariable ids = sd.placeHolder(INPUT_IDS, DataType.INT32, -1, -1);
    // The mask is an INT32 placeholder cast inside the graph: a float placeholder would be taken
    // for an input that needs a gradient by ND4J's gradient checker.
    SDVariable mask = sd.castTo(sd.placeHolder(ATTENTION_MASK, DataType.INT32, -1, -1), dt);
    SDVariable types = sd.placeHolder(TOKEN_TYPE_IDS, DataType.INT32, -1, -1);
    SDVariable batchBySeq = sd.shape(ids); // INT64 {batch, sequence}
    SDVariable shape3 = sd.concat(0, batchBySeq, sd.constant(Nd4j.createFromArray((long) hidden)));
    SDVariable shape4 = sd.concat(0, batchBySeq, sd.constant(Nd4j.createFromArray((long) heads, (long) headSize)));

    // Embeddings: word + position + token type, then layer norm. Rows are [batch * sequence, hidden].
    boolean embeddings = trainable.embeddings() != Embeddings.FROZEN;
    boolean words = trainable.embeddings() == Embeddings.ALL;
    SDVariable wordMatrix = parameter(w, MiniLmWeights.WORD_EMBEDDINGS, words);
    SDVariable x = words
        ? sd.reshape(sd.oneHot(ids, config.vocabulary(), -1, 1.0, 0.0, dt), -1, config.vocabulary()).mmul(wordMatrix)
        : sd.reshape(sd.gather(wordMatrix, ids, 0), -1, hidden);
    SDVariable typeMatrix = parameter(w, MiniLmWeights.TOKEN_TYPE_EMBEDDINGS, embeddings);
    x = x.add(sd.reshape(sd.oneHot(types, config.typeVocabulary(), -1, 1.0, 0.0, dt), -1, config.typeVocabulary())
        .mmul(typeMatrix));
    // Positions are 0 .. sequence-1 in every row: the first rows of the table, broadcast over the batch.
    SDVariable positionMatrix = parameter(w, MiniLmWeights.POSITION_EMBEDDINGS, embeddings);
    SDVariable positions = sd.slice(positionMatrix, sd.constant(Nd4j.createFromArray(0L, 0L)),
        sd.concat(0, sd.slice(batchBySeq, new int[] {1}, 1), sd.constant(Nd4j.createFromArray((long) hidden))));
    x = sd.reshape(sd.reshape(x, shape3).add(positions), -1, hidden);
    x = layerNorm(w, x, MiniLmWeights.EMBEDDINGS_NORM_WEIGHT, MiniLmWeights.EMBEDDINGS_NORM_BIAS, embeddings);

    // Additive attention bias [batch, 1, 1, sequence]: 0 for tokens, MASKED_SCORE for padding.
    SDVariable maskBias = sd.expandDims(sd.expandDims(mask.rsub(1.0).mul(MASKED_SCORE), 1), 1);
    double scale = 1.0 / Math.sqrt(headSize);
    for (int l = 0; l < config.layers(); l++) {
      boolean train = l >= config.layers() - trainable.topLayers();
      SDVariable q = heads(dense(w, x, l, MiniLmWeights.QUERY_WEIGHT, MiniLmWeights.QUERY_BIAS, train), shape4);
      SDVariable k = heads(dense(w, x, l, MiniLmWeights.KEY_WEIGHT, MiniLmWeights.KEY_BIAS, train), shape4);
      SDVariable v = heads(dense(w, x, l, MiniLmWeights.VALUE_WEIGHT, MiniLmWeights.VALUE_BIAS, train), shape4);
      SDVariable scores = sd.mmul(q, k, false, true, false).mul(scale).add(maskBias); // [b, heads, s, s]
      SDVariable context = sd.mmul(sd.nn().softmax(scores, 3), v);                       // [b, heads, s, d]
      context = sd.reshape(sd.permute(context, 0, 2, 1, 3), -1, hidden);
      SDVariable attended = dense(w, context, l, MiniLmWeights.ATTENTION_OUTPUT_WEIGHT,
          MiniLmWeights.ATTENTION_OUTPUT_BIAS, train);
      x = layerNorm(w, attended.add(x), MiniLmWeights.layer(l, MiniLmWeights.ATTENTION_NORM_WEIGHT),
          MiniLmWeights.layer(l, MiniLmWeights.ATTENTION_NORM_BIAS), train);
      SDVariable inner = gelu(dense(w, x, l, MiniLmWeights.INTERMEDIATE_WEIGHT, MiniLmWeights.INTERMEDIATE_BIAS, train));
      SDVariable ffn = dense(w, inner, l, MiniLmWeights.OUTPUT_WEIGHT, MiniLmWeights.OUTPUT_BIAS, train);
      x = layerNorm(w, ffn.add(x), MiniLmWeights.layer(l, MiniLmWeights.OUTPUT_NORM_WEIGHT),
          MiniLmWeights.layer(l, MiniLmWeights.OUTPUT_NORM_BIAS), train);
    }

    SDVariable states = sd.reshape(LAST_HIDDEN_STATE, x, shape3);
    SDVariable m3 = sd.expandDims(mask, 2); // [b, s, 1]
    SDVariable mean = sd.sum(states.mul(m3), 1).div(POOLED, sd.sum(m3, 1));
    return new SDVariable[] {states, mean};
  }

  private SDVariable parameter(MiniLmWeights w, String name, boolean train) {
    INDArray a = Nd4j.create(w.values(name), w.shape(name), 'c');
    if (dataType != DataType.FLOAT) {
      a = a.castTo(dataType);
    }
    if (train) {
      trainableVariables.add(name);
      return sd.var(name, a);
    }
    return sd.constant(name, a);
  }

  private SDVariable dense(MiniLmWeights w, SDVariable in, int layer, String weight, String bias, boolean train) {
    return in.mmul(parameter(w, MiniLmWeights.layer(layer, weight), train))
        .add(parameter(w, MiniLmWeights.layer(layer, bias), train));
  }

  private SDVariable layerNorm(MiniLmWeights w, SDVariable in, String gain, String bias, boolean train) {
    return sd.nn().layerNorm(in, parameter(w, gain, train), parameter(w, bias, train), false, 1);
  }

  /** [b * s, hidden] to [b, heads, s, headSize]. */
  private SDVariable heads(SDVariable in, SDVariable shape4) {
    return sd.permute(sd.reshape(in, shape4), 0, 2, 1, 3);
  }

  /** The exact GELU, 0.5 x (1 + erf(x / sqrt 2)). */
  private SDVariable gelu(SDVariable x) {
    return x.mul(0.5).mul(sd.math().erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0));
  }

  /** The encoder's shape. */
  public Config config() {
    return config;
  }

  /** What is trainable. */
  public Trainable trainable() {
    return trainable;
  }

  /** The data type of parameters and outputs. */
  public DataType dataType() {
    return dataType;
  }

  /** The SameDiff graph, to add a head and train; see the class description. */
  public SameDiff sameDiff() {
    return sd;
  }

  /** The {@value #LAST_HIDDEN_STATE} variable. */
  public SDVariable lastHiddenState() {
    return lastHiddenState;
  }

  /** The {@value #POOLED} variable. */
  public SDVariable pooled() {
    return pooled;
  }

  /** Canonical names of the encoder parameters that are trainable variables, in build order. */
  public List<String> trainableVariables() {
    return Collections.unmodifiableList(trainableVariables);
  }

  /**
   * The current value of encoder parameter {@code name} (trainable or not): the graph's own array,
   * not a copy.
   *
   * @throws IllegalArgumentException if the graph has no such parameter
   */
  public INDArray parameter(String name) {
    SDVariable v = sd.hasVariable(name) ? sd.getVariable(name) : null;
    if (v == null || (v.getVariableType() != VariableType.VARIABLE && v.getVariableType() != VariableType.CONSTANT)) {
      throw new IllegalArgumentException("no encoder parameter " + name);
    }
    return v.getArr();
  }

  /**
   * Pads sequences into one batch of placeholders.
   *
   * @param tokenIds word-piece ids per sequence ({@code [CLS] ... [SEP]} as the caller wants them), 1
   *     to {@link Config#maxPositions()} ids in {@code [0, vocabulary)}
   * @param tokenTypes one array per sequence, as long as its ids, values in {@code [0,
   *     typeVocabulary)}; or null for type 0 everywhere
   * @throws IllegalArgumentException if the input is empty or a sequence breaks these rules; the
   *     message names it
   */
  public Batch batch(List<int[]> tokenIds, List<int[]> tokenTypes) {
    Objects.requireNonNull(tokenIds, "tokenIds");
    int b = tokenIds.size();
    if (b == 0) {
      throw new IllegalArgumentException("no sequences");
    }
    if (tokenTypes != null && tokenTypes.size() != b) {
      throw new IllegalArgumentException(b + " sequences but " + tokenTypes.size() + " token-type arrays");
    }
    int[] lengths = new int[b];
    int longest = 0;
    for (int i = 0; i < b; i++) {
      int[] s = tokenIds.get(i);
      if (s == null || s.length == 0 || s.length > config.maxPositions()) {
        throw new IllegalArgumentException("sequence " + i + " has " + (s == null ? "no" : s.length)
            + " ids; expected 1 to " + config.maxPositions());
      }
      for (int id : s) {
        if (id < 0 || id >= config.vocabulary()) {
          throw new IllegalArgumentException("sequence " + i + " holds id " + id + ", outside the vocabulary [0, "
              + config.vocabulary() + ")");
        }
      }
      if (tokenTypes != null) {
        int[] t = tokenTypes.get(i);
        if (t == null || t.length != s.length) {
          throw new IllegalArgumentException("sequence " + i + " has " + s.length + " ids but "
              + (t == null ? "no" : t.length) + " token types");
        }
        for (int type : t) {
          if (type < 0 || type >= config.typeVocabulary()) {
            throw new IllegalArgumentException("sequence " + i + " holds token type " + type + ", outside [0, "
                + config.typeVocabulary() + ")");
          }
        }
      }
      lengths[i] = s.length;
      longest = Math.max(longest, s.length);
    }
    int[][] ids = new int[b][longest];
    int[][] mask = new int[b][longest];
    int[][] types = new int[b][longest];
    for (int i = 0; i < b; i++) {
      System.arraycopy(tokenIds.get(i), 0, ids[i], 0, lengths[i]);
      java.util.Arrays.fill(mask[i], 0, lengths[i], 1);
      if (tokenTypes != null) {
        System.arraycopy(tokenTypes.get(i), 0, types[i], 0, lengths[i]);
      }
    }
    return new Batch(Nd4j.createFromArray(ids), Nd4j.createFromArray(mask), Nd4j.createFromArray(types), lengths);
  }

  /**
   * Runs the graph forward (no training) on one batch and returns the requested outputs.
   *
   * @param outputs names of variables of the graph, e.g. {@link #LAST_HIDDEN_STATE}, {@link #POOLED}
   */
  public Map<String, INDArray> output(Batch batch, String... outputs) {
    return sd.output(batch.placeholders(), outputs);
  }

  /**
   * The last layer's token states of each sequence, padding removed: {@code float[length][hidden]}
   * per sequence, in input order. Arguments as {@link #batch}.
   */
  public float[][][] lastHiddenState(List<int[]> tokenIds, List<int[]> tokenTypes) {
    Batch batch = batch(tokenIds, tokenTypes);
    INDArray h = output(batch, LAST_HIDDEN_STATE).get(LAST_HIDDEN_STATE);
    long[] shape = h.shape();
    float[] flat = h.castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector();
    int seq = (int) shape[1];
    int hidden = (int) shape[2];
    float[][][] out = new float[batch.lengths().length][][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new float[batch.lengths()[i]][hidden];
      for (int j = 0; j < out[i].length; j++) {
        System.arraycopy(flat, (i * seq + j) * hidden, out[i][j], 0, hidden);
      }
    }
    return out;
  }

  /** The {@value #POOLED} vector of each sequence, in input order. Arguments as {@link #batch}. */
  public float[][] pooled(List<int[]> tokenIds, List<int[]> tokenTypes) {
    INDArray p = output(batch(tokenIds, tokenTypes), POOLED).get(POOLED);
    return p.castTo(DataType.FLOAT).toFloatMatrix();
  }
}
