package io.github.stance4j.internal;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time ND4J set-up. For the small networks of stance4j, OpenMP threading inside one forward
 * pass costs far more than it gains (measured: 24 ms per statement with default threads against
 * 1.7 ms with one), so unless the user set {@code OMP_NUM_THREADS} or the system property
 * {@code stance4j.ompThreads}, ND4J is told to use one OpenMP thread. Parallelism comes from the
 * callers' threads instead. Internal.
 */
public final class NativeRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(NativeRuntime.class);
  private static volatile boolean done;

  private NativeRuntime() {}

  public static void init() {
    if (done) {
      return;
    }
    synchronized (NativeRuntime.class) {
      if (done) {
        return;
      }
      String prop = System.getProperty("stance4j.ompThreads");
      int threads = 1;
      if (prop != null) {
        try {
          threads = Math.max(1, Integer.parseInt(prop.strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("system property stance4j.ompThreads must be a number, was \"" + prop + "\"");
        }
      }
      Nd4j.getBackend(); // loads natives
      if (prop != null || System.getenv("OMP_NUM_THREADS") == null) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        LOG.debug("ND4J OpenMP threads set to {}", threads);
      }
      done = true;
    }
  }
}
