package io.github.stance4j;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a model file says about itself: provenance, settings and measured metrics. Immutable.
 *
 * @param formatVersion version of the model file format
 * @param libraryVersion stance4j version that wrote the model
 * @param createdAt when the model was trained
 * @param architecture the network design
 * @param tier the tier: {@link Tier#FAST} or {@link Tier#ACCURATE}
 * @param labels the labels, in the model's order
 * @param targets the targets the model knows
 * @param defaultTarget the target of {@link StanceClassifier#classify(String)}
 * @param trainingConfig the hyperparameters, as {@link TrainingConfig#toMap()} wrote them
 * @param trainingDataSha256 {@link StanceDataset#sha256()} of the training data
 * @param trainingExamples number of training examples (including any validation part)
 * @param trainingWarnings number of warnings about the training data (duplicate rows, conflicting
 *     labels; see {@link StanceDataset#warnings()})
 * @param vocabularySize words in the vocabulary, including the padding and unknown markers
 * @param parameterCount number of trained weights
 * @param metrics metrics measured at training time (validation split), possibly empty
 * @param provenance Java, OS and DL4J versions at training time
 * @param encoder for {@link Tier#ACCURATE}: the pretrained encoder the model needs, as
 *     {@code name} and {@code sha256} (of its ONNX file); empty for {@link Tier#FAST}
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
    Map<String, String> encoder) {}
