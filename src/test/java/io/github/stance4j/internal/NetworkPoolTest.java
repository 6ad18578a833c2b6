package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stance4j.TrainingConfig;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pool of DL4J network copies: same answers, no lock on the way to a copy, and close frees. */
class NetworkPoolTest {

  static ComputationGraphConfiguration conf;
  static float[] params;

  @BeforeAll
  static void network() {
    conf = Networks.build(TrainingConfig.defaults().withArchitecture(TrainingConfig.Architecture.BILSTM)
        .withEmbeddingSize(16).withHiddenSize(16), 200, 2, 3);
    params = new float[KernelCompileTest.paramCount(conf)];
    Random r = new Random(3);
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) (r.nextGaussian() * 0.3);
    }
  }

  static float[][] answer(ComputationGraph net) {
    return ModelEngine.output(net, List.of(new int[] {4, 8, 15, 16, 23, 42}, new int[] {7, 3}), new int[] {0, 1}, 2);
  }

  @Test
  void copiesGiveTheMainNetworksAnswers() {
    NetworkPool pool = new NetworkPool(conf, params, null);
    ComputationGraph a = pool.borrow();
    ComputationGraph b = pool.borrow();
    assertNotSame(a, b);
    float[][] expected = answer(pool.network());
    assertArrayEquals(expected, answer(a));
    assertArrayEquals(expected, answer(b));
    pool.release(a);
    pool.release(b);
    assertEquals(2, pool.idleCopies());
    pool.clear();
  }

  /**
   * A call that needs a new copy does not wait for another thread, even one holding the pool's
   * lock or the main network's monitor (the old pool cloned the main network inside
   * {@code synchronized}).
   */
  @Test
  void aNewCopyIsBuiltWithoutWaitingForAnotherThread() throws Exception {
    NetworkPool pool = new NetworkPool(conf, params, null);
    ComputationGraph main = pool.network();
    float[][] expected = answer(main); // now: DL4J's output() itself locks the network
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      synchronized (pool) {
        synchronized (main) {
          holding.countDown();
          try {
            done.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    });
    holder.start();
    try {
      assertTrue(holding.await(10, TimeUnit.SECONDS));
      ComputationGraph copy = CompletableFuture.supplyAsync(pool::borrow).get(20, TimeUnit.SECONDS);
      assertArrayEquals(expected, answer(copy));
      pool.release(copy);
    } finally {
      done.countDown();
      holder.join();
      pool.clear();
    }
  }

  @Test
  void clearFreesIdleCopiesTheMainNetworkAndCopiesInUseWhenGivenBack() {
    NetworkPool pool = new NetworkPool(conf, params, null);
    ComputationGraph main = pool.network();
    ComputationGraph idle1 = pool.borrow();
    ComputationGraph idle2 = pool.borrow();
    ComputationGraph inUse = pool.borrow();
    pool.release(idle1);
    pool.release(idle2);
    pool.clear();
    assertTrue(main.params().wasClosed(), "main network freed");
    assertTrue(idle1.params().wasClosed() && idle2.params().wasClosed(), "idle copies freed");
    assertFalse(inUse.params().wasClosed(), "a copy in use is not freed under its caller");
    answer(inUse); // still usable by the call that has it
    pool.release(inUse);
    assertTrue(inUse.params().wasClosed(), "freed when given back");
    assertEquals(0, pool.idleCopies());
    assertEquals("this StanceClassifier is closed", assertThrows(IllegalStateException.class, pool::borrow).getMessage());
    assertThrows(IllegalStateException.class, pool::network);
    pool.clear();
  }
}
