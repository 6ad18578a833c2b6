package io.github.stance4j.bench;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StancePrediction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import opennlp.tools.doccat.DocumentCategorizerME;
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
 * {@code loadDefault(Tier.FAST)} plus the first {@code classify}, once per fresh JVM (10 forks), against
 * loading an OpenNLP model file and categorizing one statement. The OpenNLP model file is written
 * to {@code target/bench-opennlp-doccat.bin} by the first fork that needs it; that fork's figure
 * includes classes warmed by training, so read the median.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = {"-Xmx2g"})
public class StartupBenchmark {

  static final String STATEMENT =
      "Moscow will respond if Finland joins the bloc, the envoy warned.";
  static final Path OPENNLP_MODEL = Path.of("target", "bench-opennlp-doccat.bin");

  @Setup
  public void setUp() throws IOException {
    if (!Files.exists(OPENNLP_MODEL)) {
      Files.createDirectories(OPENNLP_MODEL.getParent());
      Files.write(OPENNLP_MODEL, OpenNlpReference.serialize(OpenNlpReference.train(BenchData.training())));
    }
  }

  @Benchmark
  public StancePrediction stance4j() {
    try (StanceClassifier c = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST)) {
      return c.classify(STATEMENT);
    }
  }

  @Benchmark
  public String opennlp() {
    try {
      DocumentCategorizerME c = new DocumentCategorizerME(
          OpenNlpReference.read(Files.readAllBytes(OPENNLP_MODEL)));
      return OpenNlpReference.classify(c, STATEMENT, BenchData.TARGET);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
