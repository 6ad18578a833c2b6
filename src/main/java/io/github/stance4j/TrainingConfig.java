package io.github.stance4j;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Hyperparameters of {@link StanceTrainer}, validated on creation. Immutable and thread-safe.
 *
 * <p><b>How to make one.</b> Start from {@link #defaults()} or {@link #defaults(Tier)} and change
 * fields with the {@code with...} methods, for example
 * {@code TrainingConfig.defaults().withSeed(7).withEpochs(30)}; or read one with
 * {@link #fromMap(Map)}. These are the stable API. The canonical constructor, which takes every
 * component in order, is <em>not</em> part of the stable API: a minor release may add a component
 * (0.2.0 added {@code smallDataSize}), which changes its signature. The accessors are stable.
 *
 * <p>The config is stored in every model file ({@link #toMap()} and {@link #fromMap(Map)}
 * round-trip; a setting missing from an older file takes its default). Training on fewer than
 * {@link #smallDataSize()} examples uses {@link #adaptedTo(int)}, and the model records the config
 * actually used.
 *
 * @param seed seed of every random choice (initial weights, shuffling, dropout, validation split):
 *     the same data, config and seed give the same model and metrics
 * @param epochs maximum passes over the training data, 1 to 1000
 * @param learningRate Adam learning rate, in (0, 1]
 * @param batchSize examples per gradient step, 1 to 4096
 * @param validationFraction share of the data held out (stratified by target and label) to select
 *     the best epoch and report validation macro-F1, in [0, 0.5]; 0 trains on everything for
 *     {@code epochs} epochs
 * @param patience stop after this many epochs without a better validation macro-F1; 0 disables
 *     early stopping; needs {@code validationFraction > 0} to have an effect
 * @param architecture the network design
 * @param embeddingSize size of the word vectors, 8 to 1024
 * @param hiddenSize convolution filters per width, or LSTM units per direction, 8 to 2048
 * @param dropout drop probability before the output layers, in [0, 0.9]
 * @param l2 L2 weight penalty, in [0, 1]; for {@link Architecture#MINILM_FINETUNED} the decoupled
 *     weight decay (AdamW's), applied after each update scaled by the learning rate
 * @param maxTokens tokens kept per statement, 8 to 4096
 * @param minTokenCount a word enters the vocabulary when it occurs at least this often, 1 to 100
 * @param wordDropout probability, in [0, 0.5], that a word of a training statement is replaced by
 *     the unknown-word marker in each epoch, so that the model learns to cope with words it has not
 *     seen; 0 disables it
 * @param smallDataSize below this many training examples, training uses no validation split and a
 *     minimum word count of 1 ({@link #adaptedTo(int)}), 0 to 1,000,000; 0 turns this off
 * @param trainableLayers {@link Architecture#MINILM_FINETUNED} only: how many of the encoder's top
 *     layers are fine-tuned, 1 to 6 (all-MiniLM-L6-v2 has 6); the embeddings and the layers below
 *     stay as pretrained. Each trained layer adds about 1.8 million values (3.5 MB in float16) to
 *     the model file and time to every step. Ignored by the other architectures
 * @param ngramWeight the n-gram path's share of the prediction, in [0, 1): when above 0, training
 *     also fits a TF-IDF logistic regression over the statement's word 1- and 2-grams (and the
 *     target) on the same training split as the network, and the classifier answers with the
 *     weighted geometric mean {@code network^(1-w) * ngram^w} of the two probability rows,
 *     renormalised, before calibration. 0 (the default of every architecture but
 *     {@link Architecture#MINILM_FINETUNED}) trains no n-gram path. The n-gram path reads the whole
 *     statement, past {@code maxTokens}; it adds about 1 to 3 MB to the model file and about 20
 *     microseconds to a call
 * @param ngramC the n-gram path's inverse L2 strength ({@code C} of scikit-learn's
 *     {@code LogisticRegression}), in (0, 1e6]; 1000 by default
 * @param pretrainedEmbeddings {@link Architecture#CNN} and {@link Architecture#BILSTM} only: when
 *     true, the word vectors start from all-MiniLM-L6-v2's input embeddings (each word the mean of
 *     its WordPiece vectors, reduced to {@code embeddingSize} dimensions by principal components),
 *     and the vocabulary also holds the encoder's whole-word WordPiece entries, so that words the
 *     training data never shows still get a vector near their neighbours'. The word vectors are
 *     then exempt from {@code l2}. Training needs the accurate tier's dependencies (the encoder
 *     file); the trained model does not. About 18,000 more words: about 4.5 MB more in the model
 *     file at {@code embeddingSize} 64. Continued training keeps the base model's vocabulary and
 *     vectors. False by default
 * @param emaDecay {@link Architecture#MINILM_FINETUNED} only: when above 0, training keeps an
 *     exponential moving average of the trained weights, {@code avg = d * avg + (1 - d) * w} after
 *     every step, divided by {@code 1 - d^t} so that the starting weights carry no share. Each
 *     epoch's end is validated with the averaged weights, and the kept network has them instead of
 *     the last step's. {@code 1 / (1 - d)} steps is about how far back the average reaches (200 at 0.995).
 *     In [0, 1); 0 (the default) averages nothing. Ignored by the other architectures
 */
public record TrainingConfig(
    long seed,
    int epochs,
    double learningRate,
    int batchSize,
    double validationFraction,
    int patience,
    Architecture architecture,
    int embeddingSize,
    int hiddenSize,
    double dropout,
    double l2,
    int maxTokens,
    int minTokenCount,
    double wordDropout,
    int smallDataSize,
    int trainableLayers,
    double ngramWeight,
    double ngramC,
    boolean pretrainedEmbeddings,
    double emaDecay) {

  /** Network designs; see the README's model section for how they compare. */
  public enum Architecture {
    /**
     * Word embeddings, convolutions of widths 2, 3 and 5 (word n-grams in context, so order and
     * negation are seen), max pooling over time, the target as a one-hot input joined before a
     * hidden layer, softmax.
     */
    CNN,
    /**
     * Word embeddings, a bidirectional LSTM, max pooling over time, the target joined as for
     * {@link #CNN}, softmax.
     */
    BILSTM,
    /**
     * The {@link Tier#ACCURATE} tier: the pretrained all-MiniLM-L6-v2 encoder (frozen) reads the
     * statement's WordPiece tokens; the mean of its token outputs, joined with the target as a
     * one-hot input, feeds a hidden layer and a softmax. {@code embeddingSize},
     * {@code minTokenCount} and {@code wordDropout} do not apply; {@code maxTokens} counts
     * WordPiece tokens and is at most 128.
     */
    MINILM,
    /**
     * The {@link Tier#ACCURATE} tier, fine-tuned end to end: all-MiniLM-L6-v2 reads the pair
     * {@code [CLS] target [SEP] statement [SEP]} (token types 0 and 1, so the target is read as
     * words), the masked mean of its last layer feeds a linear softmax head, and the top
     * {@code trainableLayers} encoder layers are trained with the head (Adam with decoupled weight
     * decay {@code l2}, linear warm-up over the first tenth of the steps then linear decay to 0,
     * dropout {@code dropout} on the pooled vector). Trained in SameDiff, run by ONNX Runtime with
     * the trained weights written into the encoder's ONNX graph. {@code maxTokens} counts the
     * pair's WordPiece tokens and is at most 128; {@code embeddingSize}, {@code hiddenSize},
     * {@code minTokenCount} and {@code wordDropout} do not apply.
     */
    MINILM_FINETUNED;

    /** The tier this architecture belongs to. */
    public Tier tier() {
      return this == MINILM || this == MINILM_FINETUNED ? Tier.ACCURATE : Tier.FAST;
    }
  }

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field and its value when one is out of range
   * @throws NullPointerException if {@code architecture} is null
   */
  public TrainingConfig {
    Objects.requireNonNull(architecture, "architecture");
    check("epochs", epochs, 1, 1000);
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException("learningRate must be in (0, 1], was " + learningRate);
    }
    if (architecture.tier() == Tier.ACCURATE && maxTokens > 128) {
      throw new IllegalArgumentException("maxTokens must be at most 128 for " + architecture
          + " (the encoder's limit), was " + maxTokens);
    }
    check("trainableLayers", trainableLayers, 1, 6);
    check("batchSize", batchSize, 1, 4096);
    if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
      throw new IllegalArgumentException("validationFraction must be in [0, 0.5], was " + validationFraction);
    }
    check("patience", patience, 0, 1000);
    check("embeddingSize", embeddingSize, 8, 1024);
    check("hiddenSize", hiddenSize, 8, 2048);
    if (!(dropout >= 0 && dropout <= 0.9)) {
      throw new IllegalArgumentException("dropout must be in [0, 0.9], was " + dropout);
    }
    if (!(l2 >= 0 && l2 <= 1)) {
      throw new IllegalArgumentException("l2 must be in [0, 1], was " + l2);
    }
    check("maxTokens", maxTokens, 8, 4096);
    check("minTokenCount", minTokenCount, 1, 100);
    if (!(wordDropout >= 0 && wordDropout <= 0.5)) {
      throw new IllegalArgumentException("wordDropout must be in [0, 0.5], was " + wordDropout);
    }
    check("smallDataSize", smallDataSize, 0, 1_000_000);
    if (!(ngramWeight >= 0 && ngramWeight < 1)) {
      throw new IllegalArgumentException("ngramWeight must be in [0, 1), was " + ngramWeight);
    }
    if (!(ngramC > 0 && ngramC <= 1e6)) {
      throw new IllegalArgumentException("ngramC must be in (0, 1e6], was " + ngramC);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new IllegalArgumentException("emaDecay must be in [0, 1), was " + emaDecay);
    }
  }

  /**
   * Default {@link #ngramC()}: chosen by 5-fold cross-validation on the bundled corpus over 3 to
   * 1000 (README, "Tiers"); the curve is flat from 300 up.
   */
  private static final double NGRAM_C = 1000;

  /** Default {@link #smallDataSize()}, chosen by measurement (README, "Training on a small data set"). */
  private static final int SMALL_DATA_SIZE = 500;

  private static void check(String name, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + v);
    }
  }

  /**
   * The defaults of the {@link Tier#FAST} tier, which train the bundled model: seed 42, at most 40
   * epochs, learning rate 0.002, batch size 32, a 10% validation split with patience 6, the CNN
   * with embeddings of 64 and 96 filters per width, dropout 0.4, L2 1e-4, 128 tokens, a minimum
   * word count of 2, no word dropout, and the small-data settings below 500 examples.
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig(42L, 40, 0.002, 32, 0.1, 6, Architecture.CNN, 64, 96, 0.4, 1e-4, 128, 2, 0.0, SMALL_DATA_SIZE, 3,
        0.0, NGRAM_C, false, 0.0);
  }

  /**
   * The defaults of a tier, which train its bundled model: {@link #defaults()} for
   * {@link Tier#FAST}; for {@link Tier#ACCURATE} those of
   * {@link Architecture#MINILM_FINETUNED} (see {@link #defaults(Architecture)}).
   *
   * @throws NullPointerException if {@code tier} is null
   */
  public static TrainingConfig defaults(Tier tier) {
    Objects.requireNonNull(tier, "tier");
    return tier == Tier.FAST ? defaults() : defaults(Architecture.MINILM_FINETUNED);
  }

  /**
   * The defaults of an architecture: {@link #defaults()} for {@link Architecture#CNN}, and with the
   * architecture changed for {@link Architecture#BILSTM}. For {@link Architecture#MINILM_FINETUNED}
   * (the bundled accurate model): learning rate 4e-5, batch 16, 4 epochs, patience 2, dropout 0.1,
   * decoupled weight decay ({@code l2}) 0.01, all 6 encoder layers trained (the embeddings stay as
   * pretrained), 128 WordPiece ids per pair, and an n-gram path of weight 0.5 with C = 1000 (from
   * 0.4.0; every other architecture defaults to none). (0.2.0 trained the top 3 layers by default: 6 measured
   * better, see the README, "Tiers".)
   * For {@link Architecture#MINILM} (frozen encoder, trained head; the bundled accurate model of
   * 0.1.0 and 0.2.0): a head of 128 hidden units, learning rate 0.001, dropout 0.3, L2 1e-5 and up
   * to 60 epochs with patience 6.
   *
   * @throws NullPointerException if {@code architecture} is null
   */
  public static TrainingConfig defaults(Architecture architecture) {
    Objects.requireNonNull(architecture, "architecture");
    return switch (architecture) {
      case MINILM_FINETUNED -> new TrainingConfig(42L, 4, 4e-5, 16, 0.1, 2, Architecture.MINILM_FINETUNED, 64, 128, 0.1,
          0.01, 128, 2, 0.0, SMALL_DATA_SIZE, 6, 0.5, NGRAM_C, false, 0.0);
      case MINILM -> new TrainingConfig(42L, 60, 0.001, 32, 0.1, 6, Architecture.MINILM, 64, 128, 0.3, 1e-5, 128, 2, 0.0,
          SMALL_DATA_SIZE, 3, 0.0, NGRAM_C, false, 0.0);
      case CNN, BILSTM -> defaults().withArchitecture(architecture);
    };
  }

  /** A copy with another seed. */
  public TrainingConfig withSeed(long v) {
    return new TrainingConfig(v, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another number of epochs. */
  public TrainingConfig withEpochs(int v) {
    return new TrainingConfig(seed, v, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another learning rate. */
  public TrainingConfig withLearningRate(double v) {
    return new TrainingConfig(seed, epochs, v, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another batch size. */
  public TrainingConfig withBatchSize(int v) {
    return new TrainingConfig(seed, epochs, learningRate, v, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another validation fraction. */
  public TrainingConfig withValidationFraction(double v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, v, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another early-stopping patience. */
  public TrainingConfig withPatience(int v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, v, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another architecture. */
  public TrainingConfig withArchitecture(Architecture v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, v, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another embedding size. */
  public TrainingConfig withEmbeddingSize(int v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, v, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another hidden size. */
  public TrainingConfig withHiddenSize(int v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, v, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another dropout. */
  public TrainingConfig withDropout(double v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, v, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another L2 penalty. */
  public TrainingConfig withL2(double v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, v, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another token cap. */
  public TrainingConfig withMaxTokens(int v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, v, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another minimum token count. */
  public TrainingConfig withMinTokenCount(int v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, v, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another small-data size; 0 turns the small-data settings off. */
  public TrainingConfig withSmallDataSize(int v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, v, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /**
   * The config that training on {@code examples} examples uses: this one, or, when there are fewer
   * than {@link #smallDataSize()} examples, this one with no validation split (so no early
   * stopping: all {@link #epochs()} run) and a minimum word count of 1 ({@link Architecture#MINILM}
   * has no vocabulary of its own and keeps its {@code minTokenCount}). On small data a validation
   * split is too small to choose an epoch by, and costs training examples; a word seen once is
   * still worth a vector. The README's "Training on a small data set" has the measurements.
   *
   * @throws IllegalArgumentException if {@code examples} is negative
   */
  public TrainingConfig adaptedTo(int examples) {
    if (examples < 0) {
      throw new IllegalArgumentException("examples must not be negative, was " + examples);
    }
    // MINILM has no vocabulary of its own: only the validation split changes
    int minCount = architecture.tier() == Tier.ACCURATE ? minTokenCount : 1;
    if (examples >= smallDataSize || (validationFraction == 0 && minTokenCount == minCount)) {
      return this;
    }
    return withValidationFraction(0).withMinTokenCount(minCount);
  }

  /** A copy with another number of fine-tuned encoder layers. */
  public TrainingConfig withTrainableLayers(int v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, v, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another n-gram weight; 0 trains no n-gram path. */
  public TrainingConfig withNgramWeight(double v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, v, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** A copy with another n-gram regularisation constant. */
  public TrainingConfig withNgramC(double v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, v, pretrainedEmbeddings, emaDecay);
  }

  /** A copy that does or does not start from the encoder's word embeddings. */
  public TrainingConfig withPretrainedEmbeddings(boolean v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, v, emaDecay);
  }

  /** A copy with another weight-averaging decay; 0 keeps the trained weights as they are. */
  public TrainingConfig withEmaDecay(double v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, wordDropout, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, v);
  }

  /** A copy with another word dropout. */
  public TrainingConfig withWordDropout(double v) {
    return new TrainingConfig(seed, epochs, learningRate, batchSize, validationFraction, patience, architecture, embeddingSize, hiddenSize, dropout, l2, maxTokens, minTokenCount, v, smallDataSize, trainableLayers, ngramWeight, ngramC, pretrainedEmbeddings, emaDecay);
  }

  /** The config as an ordered map of field name (the record component) to string value. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    try {
      for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
        m.put(c.getName(), String.valueOf(c.getAccessor().invoke(this)));
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  /**
   * Reads a config written by {@link #toMap()}; missing fields take their default.
   *
   * @throws IllegalArgumentException naming the field if a value cannot be parsed or is out of
   *     range, or if a field name is unknown
   */
  public static TrainingConfig fromMap(Map<String, String> map) {
    Objects.requireNonNull(map, "map");
    Map<String, String> m = new LinkedHashMap<>(defaults().toMap());
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!m.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown training setting \"" + e.getKey() + "\"; known: " + m.keySet());
      }
      m.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
    }
    RecordComponent[] components = TrainingConfig.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      String v = m.get(name).strip();
      types[i] = components[i].getType();
      try {
        if (types[i] == long.class) {
          values[i] = Long.parseLong(v);
        } else if (types[i] == int.class) {
          values[i] = Integer.parseInt(v);
        } else if (types[i] == double.class) {
          values[i] = Double.parseDouble(v);
        } else if (types[i] == boolean.class) {
          if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("expected true or false");
          }
          values[i] = Boolean.parseBoolean(v);
        } else {
          values[i] = Architecture.valueOf(v.toUpperCase(Locale.ROOT));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("training setting " + name + " has invalid value \"" + m.get(name) + "\"", e);
      }
    }
    try {
      return TrainingConfig.class.getDeclaredConstructor(types).newInstance(values);
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
