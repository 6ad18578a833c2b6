package io.github.stance4j.internal;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What a classifier runs: statements in, probabilities per label out. {@link ModelEngine} is the
 * fast tier, {@link EncoderEngine} the accurate one. Implementations are thread-safe. Internal.
 */
public interface Engine extends AutoCloseable {

  /**
   * Probabilities per label (in the model's label order, summing to 1) for each statement toward
   * the target index at the same position. Statements are not blank (callers check).
   *
   * @throws IllegalStateException if the engine is closed or the network fails
   */
  double[][] classify(List<String> statements, int[] targetIdx);

  /** The trained network's configuration. */
  ComputationGraphConfiguration configuration();

  /** A copy of the network's flat parameters, in DL4J's order. */
  float[] params();

  /**
   * The main DL4J network, built on first use, for training and tests (classification runs in the
   * Java kernels or on private copies); callers must not modify it.
   *
   * @throws IllegalStateException if the engine is closed
   */
  ComputationGraph network();

  /** Tokens read per statement. */
  int maxTokens();

  /** Number of targets. */
  int targets();

  boolean isClosed();

  /**
   * Frees the native memory of every DL4J network the engine holds (a copy in use by a running
   * call: when that call ends); afterwards {@link #classify} and {@link #network()} throw
   * {@link IllegalStateException}. Idempotent.
   */
  @Override
  void close();
}
