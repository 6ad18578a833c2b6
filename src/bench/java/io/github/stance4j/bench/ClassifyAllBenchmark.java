package io.github.stance4j.bench;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StancePrediction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import opennlp.tools.doccat.DocumentCategorizerME;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@code classifyAll} at batch sizes 1, 32, 256 and 4096 (typical 30-word
 * statements), against OpenNLP categorizing the same statements in a loop. The {@code statements}
 * counter in the results is statements per second; the primary score is batches per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ClassifyAllBenchmark {

  @Param({"1", "32", "256", "4096"})
  public int batch;

  private StanceClassifier classifier;
  private DocumentCategorizerME opennlp;
  private List<String> statements;

  /** Statements classified, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counter {
    public long statements;

    @Setup(Level.Iteration)
    public void reset() {
      statements = 0;
    }
  }

  @Setup
  public void setUp() {
    classifier = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
    opennlp = new DocumentCategorizerME(OpenNlpReference.train(BenchData.training()));
    statements = new ArrayList<>(BenchData.statements(30, batch));
  }

  @TearDown
  public void tearDown() {
    classifier.close();
  }

  @Benchmark
  public List<StancePrediction> stance4j(Counter c) {
    List<StancePrediction> p = classifier.classifyAll(statements);
    c.statements += p.size();
    return p;
  }

  @Benchmark
  public double[][] opennlp(Counter c) {
    double[][] out = new double[statements.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = opennlp.categorize(OpenNlpReference.tokens(statements.get(i), BenchData.TARGET));
    }
    c.statements += out.length;
    return out;
  }
}
