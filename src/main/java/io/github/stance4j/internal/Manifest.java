package io.github.stance4j.internal;

import java.util.List;
import java.util.Map;

/**
 * The JSON manifest of a model file, as read and written by Gson. Fields are validated by
 * {@link ModelFile}. Internal.
 */
public final class Manifest {
  public static final String FORMAT = "stance4j-model";
  /**
   * The newest format this library reads and writes: 5. Version 2 added {@link #tier} and
   * {@link #encoder}; version 3 the fine-tuned accurate-tier model (architecture
   * {@code MINILM_FINETUNED}: no {@code network.json}, the head in {@code params.bin}, the changed
   * encoder parameters in {@code encoder.bin}, checked by {@link #encoderWeightsSha256}); version 4
   * the n-gram path ({@link #ngram} and the {@code ngrams.bin} entry) beside any network; version 5
   * stores a fast-tier network's weights in float16 ({@code params.bin} header version 2).
   */
  public static final int FORMAT_VERSION = 5;
  /** Models with an n-gram path are written as format 4 or later, whatever their network. */
  public static final int NGRAM_FORMAT_VERSION = 4;
  /** Frozen-encoder accurate-tier models are written as format 2. */
  public static final int ACCURATE_FORMAT_VERSION = 2;
  /** Fine-tuned accurate-tier models are written as format 3. */
  public static final int FINETUNED_FORMAT_VERSION = 3;
  /** The architecture name of fine-tuned models. */
  public static final String FINETUNED_ARCHITECTURE = "MINILM_FINETUNED";
  /**
   * Fast-tier models (CNN, BiLSTM) are written as format 5: their weights in float16. Up to 0.7.x
   * they were format 1 (4 with an n-gram path), float32, which this library still reads, and
   * continued training of such a model keeps its format.
   */
  public static final int FAST_FORMAT_VERSION = 5;
  public static final String TIER_FAST = "fast";
  public static final String TIER_ACCURATE = "accurate";

  public String format;
  public Integer formatVersion;
  public String libraryVersion;
  public String createdAt;
  public List<String> labels;
  public List<String> targets;
  public String defaultTarget;
  public Map<String, Object> tokenizer;
  public String architecture;
  /** {@code fast} or {@code accurate}; absent in format 1, where it means {@code fast}. */
  public String tier;
  /** Accurate tier only: {@code name}, {@code sha256} of its ONNX file, {@code maxTokens}. */
  public Map<String, Object> encoder;
  public Map<String, String> trainingConfig;
  public Map<String, Object> trainingData;
  public Map<String, Object> metrics;
  /** How the training run went: {@code epochsRun}, {@code stopReason}. Absent before 0.2.0. */
  public Map<String, Object> training;
  /**
   * How predictions are calibrated: {@code method} ({@code temperature}) and {@code temperature};
   * absent when they are not (then {@code T = 1}). Added in 0.2.0; older readers ignore it and give
   * the same labels with uncalibrated confidences.
   */
  public Map<String, Object> calibration;
  public Integer vocabularySize;
  public Long paramCount;
  public String paramsSha256;
  /**
   * The n-gram path, when the model has one (format 4): {@code weight} (its share of the blend, in
   * (0, 1)), {@code c}, {@code features} and {@code sha256} of the {@code ngrams.bin} entry.
   */
  public Map<String, Object> ngram;
  /** Fine-tuned models only: SHA-256 of the {@code encoder.bin} entry. */
  public String encoderWeightsSha256;
  public Map<String, String> provenance;

  /**
   * Whether {@code params.bin} holds float16 values: format 5 or later and not the accurate tier
   * (whose heads stay float32).
   */
  public boolean halfPrecisionParams() {
    return formatVersion != null && formatVersion >= FAST_FORMAT_VERSION && !TIER_ACCURATE.equals(tier);
  }

  /** Raises {@link #formatVersion} to at least {@code v} (a model with an n-gram path is format 4 or later). */
  public void requireFormat(int v) {
    formatVersion = formatVersion == null ? v : Math.max(formatVersion, v);
  }
}
