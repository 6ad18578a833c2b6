package io.github.stance4j.bench;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StancePrediction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import opennlp.tools.doccat.DocumentCategorizerME;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Latency of one {@code classify} call for statements of 8, 30 and 120 words, against OpenNLP's
 * DocumentCategorizerME on the same statements. One classifier is shared by all caller threads
 * (run with {@code -t 2} or {@code -t 8} for several). Sample mode gives p50 and p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ClassifyBenchmark {

  @Param({"8", "30", "120"})
  public int words;

  private StanceClassifier classifier;
  private DocumentCategorizerME opennlp;
  private List<String> statements;
  private final AtomicInteger next = new AtomicInteger();

  @Setup
  public void setUp() {
    classifier = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
    opennlp = new DocumentCategorizerME(OpenNlpReference.train(BenchData.training()));
    statements = BenchData.statements(words, 64);
  }

  @TearDown
  public void tearDown() {
    classifier.close();
  }

  private String nextStatement() {
    return statements.get(next.getAndIncrement() & 63);
  }

  @Benchmark
  public StancePrediction stance4j() {
    return classifier.classify(nextStatement());
  }

  @Benchmark
  public double[] opennlp() {
    return opennlp.categorize(OpenNlpReference.tokens(nextStatement(), BenchData.TARGET));
  }
}
