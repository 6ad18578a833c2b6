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

  /** ND4J's CPU backend, in {@code org.nd4j:nd4j-native}. */
  static final String BACKEND_CLASS = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";

  /** Why ND4J cannot start without its natives, and what to add. */
  public static final String MISSING = "ND4J's native backend is not on the classpath, and training "
      + "(like BiLSTM and accurate-tier models) needs it: add the dependency org.nd4j:nd4j-native:1.0.0-M2.1 "
      + "twice, without and with the classifier of your platform (for example linux-x86_64); see the "
      + "README, \"Native platforms\"";

  /**
   * Starts ND4J once. Classifying with a CNN model never calls this; training, continued training,
   * models run in DL4J and the accurate tier do.
   *
   * @throws IllegalStateException if ND4J's native backend is missing or fails to load (the message
   *     names the dependency to add; a failed start is not remembered, a later call tries again)
   */
  public static void init() {
    if (done) {
      return;
    }
    synchronized (NativeRuntime.class) {
      if (done) {
        return;
      }
      try {
        Class.forName(BACKEND_CLASS, false, NativeRuntime.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException(MISSING, e);
      }
      try {
        start();
      } catch (LinkageError | RuntimeException e) {
        // ExceptionInInitializerError or NoClassDefFoundError from ND4J's static set-up, or its
        // "no backend" exception: natives for another platform, or a missing JavaCPP or OpenBLAS jar
        if (e instanceof IllegalArgumentException) {
          throw e;
        }
        throw new IllegalStateException("ND4J's native backend failed to load (" + e + "); "
            + "check that org.nd4j:nd4j-native:1.0.0-M2.1 is there with the classifier of this platform ("
            + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "); see the README, "
            + "\"Native platforms\"", e);
      }
      done = true;
    }
  }

  private static void start() {
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
  }
}
