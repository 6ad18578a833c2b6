package io.github.stance4j;

/**
 * The two kinds of stance4j model. Both are trained and used through the same API; a model's tier
 * is in its file and in {@link ModelInfo#tier()}.
 *
 * <ul>
 *   <li>{@link #FAST}: a convolutional network over word embeddings learned from the training data
 *       ({@link TrainingConfig.Architecture#CNN}, or {@link TrainingConfig.Architecture#BILSTM}).
 *       About 0.1 ms per statement, no extra dependencies. The default.</li>
 *   <li>{@link #ACCURATE}: the pretrained sentence encoder all-MiniLM-L6-v2 (frozen, run by ONNX
 *       Runtime) with a small network trained on top
 *       ({@link TrainingConfig.Architecture#MINILM}). It knows English words the training data
 *       never used, but costs about 8 ms per statement and 100 MiB of optional dependencies; on
 *       the measurements in the README it is <em>less</em> accurate than {@link #FAST} on this
 *       task, so it is not the default. {@link TrainingConfig.Architecture#MINILM_FINETUNED}
 *       models are of this tier too: the same encoder, dependencies and ONNX Runtime inference,
 *       with its top layers fine-tuned (the model file carries the changed layers).</li>
 * </ul>
 */
public enum Tier {
  /** Word-embedding network trained from scratch; the default. */
  FAST,
  /** Pretrained all-MiniLM-L6-v2 encoder (frozen or fine-tuned) plus a trained head; optional dependencies. */
  ACCURATE
}
