/**
 * Internals of stance4j: the DL4J network designs, the inference engine with its per-thread network
 * pool, ND4J set-up, the vocabulary, the model file format, and the accurate tier's MiniLM encoder
 * run with ONNX Runtime. Not part of the public API: anything here may change in any release.
 */
package io.github.stance4j.internal;
