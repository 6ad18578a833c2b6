package io.github.stance4j.cli;

import com.google.gson.GsonBuilder;
import io.github.stance4j.StanceClassifier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "soak", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    header = "Call classify many times from several threads and report memory at checkpoints.",
    description = {"Heap, off-heap (JavaCPP) and resident memory are read after warm-up and at each "
        + "checkpoint, after two full collections. The last line is one JSON object. Off-heap is what "
        + "JavaCPP allocated (the accurate tier's ONNX Runtime tensors); ND4J's arrays are not counted "
        + "there, only in resident memory."})
final class SoakCommand implements Callable<Integer> {

  @CommandLine.Mixin
  Models models;

  @Option(names = "--calls", description = "Total classify calls (default ${DEFAULT-VALUE}).")
  long calls = 1_000_000;

  @Option(names = "--threads", description = "Caller threads (default ${DEFAULT-VALUE}).")
  int threads = 2;

  @Option(names = "--checkpoints", description = "Memory readings after warm-up (default ${DEFAULT-VALUE}).")
  int checkpoints = 10;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  record Reading(long calls, double seconds, double heapMb, double committedMb, long offHeapBytes,
      double rssMb) {
    double offHeapMb() {
      return offHeapBytes / 1048576.0;
    }
  }

  /**
   * Memory after two full collections with a pause between them, so that ND4J's deallocator thread
   * has released the native buffers of the arrays the first collection found unreachable.
   * Off-heap is {@link Pointer#totalBytes()}: memory allocated through JavaCPP, which ND4J
   * 1.0.0-M2.1's arrays are not (measured: a 100 MB ND4J array leaves it unchanged and raises
   * resident memory by 100 MB), so for ND4J only resident memory tells.
   */
  static Reading read(long calls, long startNanos) throws InterruptedException {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.gc();
    Thread.sleep(300);
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return new Reading(calls, seconds, (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
        rt.totalMemory() / 1048576.0, Pointer.totalBytes(), Pointer.physicalBytes() / 1048576.0);
  }

  @Override
  public Integer call() throws Exception {
    if (calls < 10 * checkpoints || threads < 1 || checkpoints < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "need --calls >= 10 x --checkpoints, --threads >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> statements = BenchCommand.BUILT_IN;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (StanceClassifier c = models.load()) {
      long warmup = Math.max(Math.min(calls / 2, 20_000), calls / 20);
      long start = System.nanoTime();
      run(pool, c, statements, warmup, 0);
      List<Reading> readings = new ArrayList<>();
      readings.add(read(warmup, start));
      long done = warmup;
      long step = Math.max(1, (calls - warmup + checkpoints - 1) / checkpoints);
      while (done < calls) {
        long n = Math.min(step, calls - done);
        run(pool, c, statements, n, done);
        done += n;
        readings.add(read(done, start));
      }
      out.println("machine: " + BenchCommand.machine());
      for (Reading r : readings) {
        out.printf(Locale.ROOT, "%,10d calls %7.1f s  heap used %6.1f MB (committed %6.1f)  off-heap (JavaCPP) %6.1f MB  resident %7.1f MB%n",
            r.calls(), r.seconds(), r.heapMb(), r.committedMb(), r.offHeapMb(), r.rssMb());
      }
      Reading first = readings.get(0);
      Reading last = readings.get(readings.size() - 1);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("calls", done);
      json.put("threads", threads);
      json.put("seconds", round(last.seconds()));
      json.put("heap_mb_after_warmup", round(first.heapMb()));
      json.put("heap_mb_end", round(last.heapMb()));
      json.put("offheap_mb_after_warmup", round(first.offHeapMb()));
      json.put("offheap_mb_end", round(last.offHeapMb()));
      json.put("rss_mb_after_warmup", round(first.rssMb()));
      json.put("rss_mb_end", round(last.rssMb()));
      json.put("rss_mb_max", round(readings.stream().mapToDouble(Reading::rssMb).max().orElse(0)));
      json.put("heap_mb_max", round(readings.stream().mapToDouble(Reading::heapMb).max().orElse(0)));
      json.put("offheap_mb_max", round(readings.stream().mapToDouble(Reading::offHeapMb).max().orElse(0)));
      json.put("offheap_bytes_after_warmup", first.offHeapBytes());
      json.put("offheap_bytes_end", last.offHeapBytes());
      json.put("rss_mb_min", round(readings.stream().mapToDouble(Reading::rssMb).min().orElse(0)));
      json.put("committed_heap_mb_end", round(last.committedMb()));
      json.put("native_libraries", new java.util.TreeSet<>(org.bytedeco.javacpp.Loader.getLoadedLibraries().keySet()));
      out.println(new GsonBuilder().create().toJson(json));
      out.flush();
    } finally {
      pool.shutdownNow();
    }
    return 0;
  }

  private static double round(double x) {
    return Math.round(x * 10) / 10.0;
  }

  /** Runs {@code n} calls on the pool's threads (the same threads all along, as in a server). */
  private void run(ExecutorService pool, StanceClassifier c, List<String> statements, long n, long offset)
      throws Exception {
    {
      AtomicLong next = new AtomicLong();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          long i;
          while ((i = next.getAndIncrement()) < n) {
            c.classify(statements.get((int) ((offset + i) % statements.size())));
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
  }
}
