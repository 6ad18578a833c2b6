package io.github.stance4j.internal;

import java.util.concurrent.ConcurrentLinkedDeque;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained network as its configuration and flat parameters, with the DL4J network built on first
 * use and a pool of private copies for concurrent forward passes (DL4J networks are not safe to
 * share between threads, DL4J issue 9993). Thread-safe. Internal.
 */
final class NetworkPool {

  private final ComputationGraphConfiguration conf;
  private final float[] params;
  private final ConcurrentLinkedDeque<ComputationGraph> idle = new ConcurrentLinkedDeque<>();
  private volatile ComputationGraph prototype;

  /** {@code network}, if not null, is the already-initialised network with these parameters. */
  NetworkPool(ComputationGraphConfiguration conf, float[] params, ComputationGraph network) {
    this.conf = conf;
    this.params = params;
    this.prototype = network;
  }

  ComputationGraphConfiguration configuration() {
    return conf;
  }

  /** The parameters themselves; callers must not modify them. */
  float[] paramsView() {
    return params;
  }

  /** The DL4J network, built (and ND4J started) on first use. */
  ComputationGraph network() {
    ComputationGraph p = prototype;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (prototype == null) {
        NativeRuntime.init();
        ComputationGraph net = new ComputationGraph(conf);
        net.init(Nd4j.createFromArray(params).reshape(1, params.length), false);
        prototype = net;
      }
      return prototype;
    }
  }

  /** A private copy of the network for one forward pass; give it back with {@link #release}. */
  ComputationGraph borrow() {
    ComputationGraph g = idle.poll();
    if (g != null) {
      return g;
    }
    ComputationGraph p = network();
    synchronized (p) {
      return p.clone();
    }
  }

  void release(ComputationGraph copy) {
    idle.push(copy);
  }

  /** Drops the idle copies. */
  void clear() {
    idle.clear();
  }
}
