package io.github.stance4j;

/**
 * The two kinds of stance4j model. Both are trained and used through the same API; a model's tier
 * is in its file and in {@link ModelInfo#tier()}.
 *
 * <ul>
 *   <li>{@link #ACCURATE}: the pretrained encoder all-MiniLM-L6-v2 run by ONNX Runtime, read as the
 *       pair {@code [CLS] target [SEP] statement [SEP]}. The bundled model has its six layers
 *       fine-tuned with a linear head ({@link TrainingConfig.Architecture#MINILM_FINETUNED}; the
 *       model file carries the changed layers in float16, about 20 MB). About 8 ms per statement and 100 MiB
 *       of dependencies; the most accurate on real text in the README's measurements, so it is the
 *       default. {@link TrainingConfig.Architecture#MINILM} models are of this tier too: the same
 *       encoder, frozen, with a small network trained on top in seconds.</li>
 *   <li>{@link #FAST}: a convolutional network over word embeddings learned from the training data
 *       ({@link TrainingConfig.Architecture#CNN}, or {@link TrainingConfig.Architecture#BILSTM}),
 *       run in plain Java: about 0.1 ms per statement and no native code at inference.</li>
 * </ul>
 */
public enum Tier {
  /** Word-embedding network trained from scratch, run in plain Java. */
  FAST,
  /** Pretrained all-MiniLM-L6-v2 encoder (fine-tuned or frozen) plus a trained head; the default. */
  ACCURATE
}
