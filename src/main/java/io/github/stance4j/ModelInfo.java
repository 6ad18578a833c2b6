package io.github.stance4j;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a model file says about itself: provenance, settings, measured metrics and how training
 * went. Immutable: the lists and maps are unmodifiable. Read it with {@link StanceClassifier#info()}.
 *
 * <p>The canonical constructor is <em>not</em> part of the stable API: a minor release may add a
 * component (0.2.0 added {@code epochsRun} and {@code stopReason}), which changes its signature.
 * Code that needs to make one, a test double for example, uses {@link #builder()} or
 * {@link #toBuilder()}; the accessors are stable.
 *
 * @param formatVersion version of the model file format
 * @param libraryVersion stance4j version that wrote the model
 * @param createdAt when the model was trained
 * @param architecture the network design
 * @param tier the tier: {@link Tier#FAST} or {@link Tier#ACCURATE}
 * @param labels the labels, in the model's order
 * @param targets the targets the model knows
 * @param defaultTarget the target of {@link StanceClassifier#classify(String)}
 * @param trainingConfig the hyperparameters training used, as {@link TrainingConfig#toMap()} wrote
 *     them (after {@link TrainingConfig#adaptedTo(int)})
 * @param trainingDataSha256 {@link StanceDataset#sha256()} of the training data
 * @param trainingExamples number of training examples (including any validation part)
 * @param trainingWarnings number of warnings about the training data (duplicate rows, conflicting
 *     labels; see {@link StanceDataset#warnings()})
 * @param vocabularySize words in the vocabulary, including the padding and unknown markers
 * @param parameterCount number of trained weights
 * @param metrics metrics measured at training time (validation split), possibly empty; a model with
 *     an n-gram path has {@code ngram}: the validation macro-F1 of the {@code network} alone, the
 *     {@code ngram} path alone and their {@code blend}
 * @param provenance Java, OS and DL4J versions at training time
 * @param encoder for {@link Tier#ACCURATE}: the pretrained encoder the model needs, as
 *     {@code name} and {@code sha256} (of its ONNX file); empty for {@link Tier#FAST}
 * @param epochsRun epochs training ran (fewer than the config's when it stopped early); 0 for a
 *     model written before 0.2.0
 * @param stopReason why training ended and which epoch the model keeps, as
 *     {@link TrainingProgress#stopReason()} said; empty for a model written before 0.2.0
 */
public record ModelInfo(
    int formatVersion,
    String libraryVersion,
    Instant createdAt,
    String architecture,
    Tier tier,
    List<StanceLabel> labels,
    List<String> targets,
    String defaultTarget,
    Map<String, String> trainingConfig,
    String trainingDataSha256,
    long trainingExamples,
    long trainingWarnings,
    int vocabularySize,
    long parameterCount,
    Map<String, Object> metrics,
    Map<String, String> provenance,
    Map<String, String> encoder,
    int epochsRun,
    String stopReason) {

  /**
   * Checks for nulls and makes the lists and maps unmodifiable copies.
   *
   * @throws NullPointerException if a component other than a number is null
   */
  public ModelInfo {
    Objects.requireNonNull(libraryVersion, "libraryVersion");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(tier, "tier");
    labels = List.copyOf(labels);
    targets = List.copyOf(targets);
    Objects.requireNonNull(defaultTarget, "defaultTarget");
    trainingConfig = unmodifiable(trainingConfig, "trainingConfig");
    Objects.requireNonNull(trainingDataSha256, "trainingDataSha256");
    metrics = unmodifiable(metrics, "metrics");
    provenance = unmodifiable(provenance, "provenance");
    encoder = unmodifiable(encoder, "encoder");
    Objects.requireNonNull(stopReason, "stopReason");
  }

  /** An insertion-ordered unmodifiable copy (Map.copyOf would lose the order). */
  private static <V> Map<String, V> unmodifiable(Map<String, V> m, String name) {
    Objects.requireNonNull(m, name);
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
  }

  /** A builder with every field empty: zero, {@link Instant#EPOCH}, {@link Tier#FAST}, empty strings, lists and maps. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this info's values. */
  public Builder toBuilder() {
    return new Builder().formatVersion(formatVersion).libraryVersion(libraryVersion).createdAt(createdAt)
        .architecture(architecture).tier(tier).labels(labels).targets(targets).defaultTarget(defaultTarget)
        .trainingConfig(trainingConfig).trainingDataSha256(trainingDataSha256)
        .trainingExamples(trainingExamples).trainingWarnings(trainingWarnings).vocabularySize(vocabularySize)
        .parameterCount(parameterCount).metrics(metrics).provenance(provenance).encoder(encoder)
        .epochsRun(epochsRun).stopReason(stopReason);
  }

  /**
   * Makes a {@link ModelInfo}: the stable way to create one. Each method sets the component of the
   * same name and returns this builder. Not thread-safe; {@link #build()} may be called more than
   * once.
   */
  public static final class Builder {
    private int formatVersion;
    private String libraryVersion = "";
    private Instant createdAt = Instant.EPOCH;
    private String architecture = "";
    private Tier tier = Tier.FAST;
    private List<StanceLabel> labels = List.of();
    private List<String> targets = List.of();
    private String defaultTarget = "";
    private Map<String, String> trainingConfig = Map.of();
    private String trainingDataSha256 = "";
    private long trainingExamples;
    private long trainingWarnings;
    private int vocabularySize;
    private long parameterCount;
    private Map<String, Object> metrics = Map.of();
    private Map<String, String> provenance = Map.of();
    private Map<String, String> encoder = Map.of();
    private int epochsRun;
    private String stopReason = "";

    private Builder() {}

    /** Sets {@link ModelInfo#formatVersion()}. */
    public Builder formatVersion(int v) {
      formatVersion = v;
      return this;
    }

    /** Sets {@link ModelInfo#libraryVersion()}. */
    public Builder libraryVersion(String v) {
      libraryVersion = v;
      return this;
    }

    /** Sets {@link ModelInfo#createdAt()}. */
    public Builder createdAt(Instant v) {
      createdAt = v;
      return this;
    }

    /** Sets {@link ModelInfo#architecture()}. */
    public Builder architecture(String v) {
      architecture = v;
      return this;
    }

    /** Sets {@link ModelInfo#tier()}. */
    public Builder tier(Tier v) {
      tier = v;
      return this;
    }

    /** Sets {@link ModelInfo#labels()}. */
    public Builder labels(List<StanceLabel> v) {
      labels = v;
      return this;
    }

    /** Sets {@link ModelInfo#targets()}. */
    public Builder targets(List<String> v) {
      targets = v;
      return this;
    }

    /** Sets {@link ModelInfo#defaultTarget()}. */
    public Builder defaultTarget(String v) {
      defaultTarget = v;
      return this;
    }

    /** Sets {@link ModelInfo#trainingConfig()}. */
    public Builder trainingConfig(Map<String, String> v) {
      trainingConfig = v;
      return this;
    }

    /** Sets {@link ModelInfo#trainingDataSha256()}. */
    public Builder trainingDataSha256(String v) {
      trainingDataSha256 = v;
      return this;
    }

    /** Sets {@link ModelInfo#trainingExamples()}. */
    public Builder trainingExamples(long v) {
      trainingExamples = v;
      return this;
    }

    /** Sets {@link ModelInfo#trainingWarnings()}. */
    public Builder trainingWarnings(long v) {
      trainingWarnings = v;
      return this;
    }

    /** Sets {@link ModelInfo#vocabularySize()}. */
    public Builder vocabularySize(int v) {
      vocabularySize = v;
      return this;
    }

    /** Sets {@link ModelInfo#parameterCount()}. */
    public Builder parameterCount(long v) {
      parameterCount = v;
      return this;
    }

    /** Sets {@link ModelInfo#metrics()}. */
    public Builder metrics(Map<String, Object> v) {
      metrics = v;
      return this;
    }

    /** Sets {@link ModelInfo#provenance()}. */
    public Builder provenance(Map<String, String> v) {
      provenance = v;
      return this;
    }

    /** Sets {@link ModelInfo#encoder()}. */
    public Builder encoder(Map<String, String> v) {
      encoder = v;
      return this;
    }

    /** Sets {@link ModelInfo#epochsRun()}. */
    public Builder epochsRun(int v) {
      epochsRun = v;
      return this;
    }

    /** Sets {@link ModelInfo#stopReason()}. */
    public Builder stopReason(String v) {
      stopReason = v;
      return this;
    }

    /**
     * The info.
     *
     * @throws NullPointerException if a value set was null
     */
    public ModelInfo build() {
      return new ModelInfo(formatVersion, libraryVersion, createdAt, architecture, tier, labels, targets,
          defaultTarget, trainingConfig, trainingDataSha256, trainingExamples, trainingWarnings,
          vocabularySize, parameterCount, metrics, provenance, encoder, epochsRun, stopReason);
    }
  }
}
