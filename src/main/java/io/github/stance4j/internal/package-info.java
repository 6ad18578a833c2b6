/**
 * Internals of stance4j: the DL4J network designs ({@link io.github.stance4j.internal.Networks}),
 * the engines that run a model ({@link io.github.stance4j.internal.Engine}: the fast tier's
 * {@link io.github.stance4j.internal.ModelEngine} with its plain-Java
 * {@link io.github.stance4j.internal.CnnKernel}, and the accurate tier's
 * {@link io.github.stance4j.internal.EncoderEngine} with the MiniLM encoder run by ONNX Runtime),
 * the same encoder as a SameDiff graph for fine-tuning ({@link io.github.stance4j.internal.MiniLmGraph}
 * on {@link io.github.stance4j.internal.MiniLmWeights}, read from the ONNX file by
 * {@link io.github.stance4j.internal.OnnxGraphReader}), ND4J set-up, the vocabulary and the model file
 * format. Not part of the public API: anything here may change in any release.
 */
package io.github.stance4j.internal;
