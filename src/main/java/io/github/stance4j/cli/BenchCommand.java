package io.github.stance4j.cli;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceExample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    header = "Measure load time, classify latency and classifyAll throughput on this machine.",
    description = {"Run it as a fresh process: the first figure includes loading the model in a new JVM."})
final class BenchCommand implements Callable<Integer> {

  @CommandLine.Mixin
  Models models;

  @Option(names = "--data", paramLabel = "FILE", arity = "1..*",
      description = "Labelled CSV whose statements are used (default: built-in news sentences).")
  List<Path> data;

  @Option(names = "--iterations", description = "Single-statement calls to time (default ${DEFAULT-VALUE}).")
  int iterations = 2000;

  @Option(names = "--seconds", description = "Time spent on each batch size (default ${DEFAULT-VALUE}).")
  double seconds = 3;

  @Option(names = "--explain",
      description = "Instead: time explain() on statements of 28 to 32 words (--iterations calls) and print the load average.")
  boolean explain;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  static final List<String> BUILT_IN = List.of(
      "Finland's accession makes the whole alliance stronger, the Estonian prime minister said.",
      "Moscow warned that it would take military-technical countermeasures if Sweden joined the bloc.",
      "An invitation will be extended when allies agree and conditions are met, the summit declaration said.",
      "Kyiv cannot become a member while the war continues, but the door remains open for the future, the chancellor told reporters after two days of talks in Vilnius.",
      "Refusing to admit Ukraine is not enough now; the alliance must disavow its 2008 promise, the foreign-ministry spokeswoman said.",
      "We welcome North Macedonia as the thirtieth ally.",
      "Hungary will ratify once the Swedish government stops lecturing Budapest about the rule of law, a Fidesz lawmaker said.",
      "The party has always opposed membership and will keep doing so.");

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    StanceClassifier c = models.load();
    long t1 = System.nanoTime();
    c.classify(BUILT_IN.get(0));
    long t2 = System.nanoTime();
    List<String> statements = new ArrayList<>();
    if (data != null) {
      for (StanceExample e : StanceDataset.readCsv(data).examples()) {
        statements.add(e.statement());
      }
    } else {
      statements.addAll(BUILT_IN);
    }
    out.println("machine: " + machine());
    if (explain) {
      ExplainBench.run(c, statements, iterations, out);
      c.close();
      return 0;
    }
    out.printf(Locale.ROOT, "load: %.0f ms, first classify: %.1f ms, load + first classify: %.0f ms%n",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t2 - t0) / 1e6);
    for (int i = 0; i < 500; i++) {
      c.classify(statements.get(i % statements.size()));
    }
    long[] ns = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      String s = statements.get(i % statements.size());
      long a = System.nanoTime();
      c.classify(s);
      ns[i] = System.nanoTime() - a;
    }
    Arrays.sort(ns);
    double mean = Arrays.stream(ns).average().orElse(0) / 1e6;
    out.printf(Locale.ROOT, "classify (%d calls, one thread): mean %.3f ms, p50 %.3f ms, p99 %.3f ms%n",
        iterations, mean, ns[ns.length / 2] / 1e6, ns[(int) (ns.length * 0.99)] / 1e6);
    for (int batch : new int[] {1, 32, 256, 4096}) {
      List<String> b = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        b.add(statements.get(i % statements.size()));
      }
      c.classifyAll(b);
      int reps = 0;
      long a = System.nanoTime();
      long budget = (long) (seconds * 1e9);
      while (reps < 3 || System.nanoTime() - a < budget) {
        c.classifyAll(b);
        reps++;
      }
      double secs = (System.nanoTime() - a) / 1e9;
      out.printf(Locale.ROOT, "classifyAll batch %4d: %.0f statements/s%n", batch, reps * (double) batch / secs);
    }
    out.flush();
    c.close();
    return 0;
  }

  static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: keep "unknown CPU"
    }
    return String.format(Locale.ROOT, "%s, %d cores, %s %s, Java %s, max heap %d MB", cpu,
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
        System.getProperty("os.arch"), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }
}
