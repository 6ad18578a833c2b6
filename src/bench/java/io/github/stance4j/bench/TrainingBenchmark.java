package io.github.stance4j.bench;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceTrainer;
import io.github.stance4j.TrainingConfig;
import java.util.concurrent.TimeUnit;
import opennlp.tools.doccat.DoccatModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training the bundled model from {@code training-data/} with the default configuration (what
 * {@code stance4j-cli.jar train --data training-data} does), once per fresh JVM, against training
 * the OpenNLP categorizer on the same data.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class TrainingBenchmark {

  private StanceDataset data;

  @Setup
  public void setUp() {
    data = BenchData.training();
  }

  @Benchmark
  public StanceClassifier stance4j() {
    return new StanceTrainer(TrainingConfig.defaults()).train(data, BenchData.TARGET);
  }

  @Benchmark
  public DoccatModel opennlp() {
    return OpenNlpReference.train(data);
  }
}
