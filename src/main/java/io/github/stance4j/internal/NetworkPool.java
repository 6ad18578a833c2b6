package io.github.stance4j.internal;

import java.util.concurrent.ConcurrentLinkedDeque;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained network as its configuration and flat parameters, with private copies of the DL4J
 * network for concurrent forward passes (DL4J networks are not safe to share between threads,
 * DL4J issue 9993), and the main network, built on first use, for training and tests.
 *
 * <p>No forward pass waits for another: {@link #borrow} takes an idle copy or, when there is none,
 * builds a new one from the configuration's JSON and the parameters, which are only read, so
 * building takes no lock. The pool keeps as many copies as forward passes ever ran at once. Only
 * {@link #network()} locks, to build the main network once.
 *
 * <p>{@link #clear()} closes the pool: it frees the native memory of every idle copy and of the
 * main network at once (parameters, gradients, updater state), and a copy still in use is freed
 * when it is given back. ND4J's per-thread working memory (workspaces) belongs to the threads that
 * ran forward passes and is not freed here. Thread-safe. Internal.
 */
final class NetworkPool {

  private final ComputationGraphConfiguration conf;
  private final float[] params;
  private final ConcurrentLinkedDeque<ComputationGraph> idle = new ConcurrentLinkedDeque<>();
  private volatile String confJson;
  private volatile ComputationGraph main;
  private volatile boolean closed;

  /** {@code network}, if not null, is the already-initialised network with these parameters. */
  NetworkPool(ComputationGraphConfiguration conf, float[] params, ComputationGraph network) {
    this.conf = conf;
    this.params = params;
    this.main = network;
  }

  ComputationGraphConfiguration configuration() {
    return conf;
  }

  /** The parameters themselves; callers must not modify them. */
  float[] paramsView() {
    return params;
  }

  /**
   * The main DL4J network, built (and ND4J started) on first use.
   *
   * @throws IllegalStateException if the pool is closed
   */
  ComputationGraph network() {
    ComputationGraph m = main;
    if (m != null && !closed) {
      return m;
    }
    synchronized (this) {
      ensureOpen();
      if (main == null) {
        NativeRuntime.init();
        ComputationGraph net = new ComputationGraph(conf);
        net.init(Nd4j.createFromArray(new float[][] {params}), false);
        main = net;
      }
      return main;
    }
  }

  /**
   * A private copy of the network for one forward pass; give it back with {@link #release}.
   *
   * @throws IllegalStateException if the pool is closed
   */
  ComputationGraph borrow() {
    ensureOpen();
    ComputationGraph g = idle.poll();
    return g != null ? g : newCopy();
  }

  private ComputationGraph newCopy() {
    NativeRuntime.init();
    String json = confJson;
    if (json == null) {
      json = conf.toJson(); // racing threads compute equal strings
      confJson = json;
    }
    ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
    net.init(Nd4j.createFromArray(new float[][] {params}), false);
    return net;
  }

  /** Gives a borrowed copy back; after {@link #clear()} it is freed instead. */
  void release(ComputationGraph copy) {
    if (closed) {
      free(copy);
      return;
    }
    idle.push(copy);
    if (closed && idle.remove(copy)) {
      free(copy); // clear() ran between the check and the push
    }
  }

  /** Closes the pool and frees every network it holds (copies in use: when given back). Idempotent. */
  void clear() {
    closed = true;
    ComputationGraph g;
    while ((g = idle.poll()) != null) {
      free(g);
    }
    synchronized (this) {
      if (main != null) {
        free(main);
        main = null;
      }
    }
  }

  /** Copies now idle in the pool (for tests). */
  int idleCopies() {
    return idle.size();
  }

  /**
   * Builds one copy now and keeps it for the first forward pass, so that a configuration DL4J
   * cannot build fails here.
   *
   * @throws RuntimeException whatever DL4J throws for the configuration
   */
  void warmUp() {
    release(borrow());
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this StanceClassifier is closed");
    }
  }

  /**
   * Frees a network's native memory now rather than when the garbage collector finds it: the
   * buffers behind its parameters, gradients and updater state (its parameters are a view of a
   * buffer that belongs to the network alone). Not {@link ComputationGraph#close()}, which also
   * runs {@code System.gc()} and destroys the calling thread's workspaces.
   */
  static void free(ComputationGraph g) {
    org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater u = g.getUpdater(false);
    freeBuffer(u == null ? null : u.getStateViewArray());
    freeBuffer(g.getFlattenedGradients());
    freeBuffer(g.params());
  }

  private static void freeBuffer(org.nd4j.linalg.api.ndarray.INDArray a) {
    if (a == null) {
      return;
    }
    org.nd4j.linalg.api.buffer.DataBuffer d = a.data();
    if (d != null && d.originalDataBuffer() != null) {
      d = d.originalDataBuffer(); // a network's arrays are views of one buffer per kind
    }
    if (d != null && d.closeable() && !d.wasClosed()) {
      d.close();
    }
  }
}
