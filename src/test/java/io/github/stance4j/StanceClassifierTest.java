package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StanceClassifierTest {

  static final List<String> STATEMENTS = List.of(
      "The minister warmly welcomed the new member into the alliance.",
      "Moscow warned of retaliation if they join the alliance.",
      "They can join only after the war is over.",
      "x",
      "Refusing them would be a mistake, and we have no objection at all to their membership, the foreign minister told reporters after a long meeting in Brussels on Tuesday.",
      "???",
      "Ukraine won't join, the spokeswoman said; it isn't enough to freeze the bid.");

  @TempDir
  Path dir;

  @Test
  void predictionIsAValidDistribution() {
    StanceClassifier c = TestModels.tiny();
    for (String s : STATEMENTS) {
      StancePrediction p = c.classify(s);
      assertEquals(c.labels(), new ArrayList<>(p.probabilities().keySet()));
      double sum = p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
      assertEquals(1.0, sum, 1e-6);
      assertEquals(p.probability(p.label()), p.confidence(), 0);
      for (double v : p.probabilities().values()) {
        assertTrue(v <= p.confidence());
      }
      assertEquals("alliance", p.target());
    }
  }

  @Test
  void labelsItsOwnTrainingExamples() {
    StanceClassifier c = TestModels.tiny();
    assertEquals("support", c.classify("Our government fully supports their membership bid.").label().toString());
    assertEquals("opposition", c.classify("He vowed to veto the accession protocol.").label().toString());
    assertEquals("conditional", c.classify("The door is open but not now.").label().toString());
  }

  /**
   * The same statements carry opposite stances toward two targets: toward "sanctions" a call for
   * escalation is support and a call for restraint opposition, toward "talks" the reverse. Words
   * alone cannot separate them, so the model must read the target input; each statement, and one
   * it never saw, flips label between the targets with a large change in probability.
   */
  @Test
  void targetChangesTheAnswer() {
    String[] escalate = {"We must escalate the pressure now.", "Escalation is the only answer left.",
        "Turn up the pressure, escalate everything.", "Only escalation will move them."};
    String[] restrain = {"We must show restraint now.", "Restraint is the only answer left.",
        "Calm down and hold back, show restraint.", "Only restraint will move them."};
    List<StanceExample> ex = new ArrayList<>();
    for (int i = 0; i < escalate.length; i++) {
      ex.add(StanceExample.of(escalate[i], "sanctions", "support"));
      ex.add(StanceExample.of(restrain[i], "sanctions", "opposition"));
      ex.add(StanceExample.of(escalate[i], "talks", "opposition"));
      ex.add(StanceExample.of(restrain[i], "talks", "support"));
    }
    try (StanceClassifier c = new StanceTrainer(TestModels.TINY_CONFIG).train(StanceDataset.of(ex))) {
      List<String> probes = new ArrayList<>(List.of(escalate));
      probes.addAll(List.of(restrain));
      probes.add("They want escalation."); // not in the training data
      for (String s : probes) {
        StancePrediction a = c.classify(s, "sanctions");
        StancePrediction b = c.classify(s, "talks");
        assertNotEquals(a.label(), b.label(), s);
        double change = Math.abs(a.probability(StanceLabel.SUPPORT) - b.probability(StanceLabel.SUPPORT));
        assertTrue(change > 0.5, s + ": P(support) changes by " + change);
      }
      assertEquals(StanceLabel.SUPPORT, c.classify("They want escalation.", "sanctions").label());
    }
  }

  @Test
  void unknownTargetListsKnownTargets() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TestModels.tiny().classify("text", "EU enlargement"));
    assertEquals("unknown target \"EU enlargement\"; this model knows [aid, alliance]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TestModels.tiny().classifyAll(List.of("a"), "nope"));
  }

  @Test
  void nullsAndBlanksAreRefused() {
    StanceClassifier c = TestModels.tiny();
    NullPointerException npe = assertThrows(NullPointerException.class, () -> c.classify(null));
    assertEquals("statement", npe.getMessage());
    npe = assertThrows(NullPointerException.class, () -> c.classify("a", null));
    assertEquals("target", npe.getMessage());
    npe = assertThrows(NullPointerException.class, () -> c.classifyAll(Arrays.asList("a", null)));
    assertEquals("statements[1]", npe.getMessage());
    IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> c.classify(" \t\n"));
    assertEquals("statement is blank", iae.getMessage());
    iae = assertThrows(IllegalArgumentException.class, () -> c.classifyAll(List.of("ok", "")));
    assertEquals("statements[1] is blank", iae.getMessage());
  }

  @Test
  void classifyAllEqualsClassifyOneByOne() {
    StanceClassifier c = TestModels.tiny();
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(STATEMENTS.get(i % STATEMENTS.size()) + " ".repeat(i % 3) + (i % 5 == 0 ? " indeed" : ""));
    }
    List<StancePrediction> batch = c.classifyAll(many);
    assertEquals(many.size(), batch.size());
    for (int i = 0; i < many.size(); i++) {
      StancePrediction one = c.classify(many.get(i));
      assertEquals(one.label(), batch.get(i).label(), many.get(i));
      for (StanceLabel l : c.labels()) {
        assertEquals(one.probability(l), batch.get(i).probability(l), 1e-5, many.get(i));
      }
    }
    assertTrue(c.classifyAll(List.of()).isEmpty());
  }

  @Test
  void saveAndLoadKeepEveryPrediction() throws IOException {
    StanceClassifier c = TestModels.tiny();
    Path file = dir.resolve("model.zip");
    c.save(file);
    try (StanceClassifier back = StanceClassifier.load(file)) {
      assertEquals(c.labels(), back.labels());
      assertEquals(c.targets(), back.targets());
      assertEquals(c.defaultTarget(), back.defaultTarget());
      assertEquals(c.info(), back.info());
      for (String t : c.targets()) {
        assertEquals(c.classifyAll(STATEMENTS, t), back.classifyAll(STATEMENTS, t));
      }
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    c.save(bos);
    assertArrayEquals(Files.readAllBytes(file), bos.toByteArray(), "path and stream writes are identical");
    try (StanceClassifier back = StanceClassifier.load(new ByteArrayInputStream(bos.toByteArray()))) {
      assertEquals(c.classifyAll(STATEMENTS), back.classifyAll(STATEMENTS));
    }
  }

  @Test
  void saveReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("m.zip");
    Files.writeString(file, "old");
    TestModels.tiny().save(file);
    try (StanceClassifier back = StanceClassifier.load(file)) {
      assertEquals(TestModels.tiny().labels(), back.labels());
    }
    try (var s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList());
    }
  }

  /**
   * The disk fills up near the end of writing the model: the temporary file exists and holds part
   * of the new model when the write fails; afterwards the old model is byte for byte intact and the
   * temporary file is gone.
   */
  @Test
  void failedSaveLeavesTheExistingModelIntact() throws IOException {
    Path file = dir.resolve("good.zip");
    StanceClassifier c = TestModels.tiny();
    c.save(file);
    byte[] before = Files.readAllBytes(file);
    // fail near the end, so that the 8 KiB write buffer has put part of the file on disk by then
    long faultAt = before.length - 16;
    List<Long> tempSizesAtFault = new ArrayList<>();
    IOException e = assertThrows(IOException.class, () -> c.save(file, out -> new java.io.FilterOutputStream(out) {
      long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (written + len > faultAt) {
          try (var s = Files.list(dir)) {
            s.filter(p -> !p.equals(file)).forEach(p -> tempSizesAtFault.add(p.toFile().length()));
          }
          throw new IOException("No space left on device (injected after " + written + " bytes)");
        }
        out.write(b, off, len);
        written += len;
      }
    }));
    assertTrue(e.getMessage().startsWith("No space left on device (injected after "), e.getMessage());
    assertEquals(1, tempSizesAtFault.size(), "one temporary file while writing");
    assertTrue(tempSizesAtFault.get(0) > 0, "part of the new model was on disk when the write failed");
    assertArrayEquals(before, Files.readAllBytes(file));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList(), "no temporary file is left behind");
    }
    try (StanceClassifier back = StanceClassifier.load(file)) {
      assertEquals(c.classifyAll(STATEMENTS), back.classifyAll(STATEMENTS));
    }
  }

  /** The whole model is written, then the final move fails: no temporary file is left either. */
  @Test
  void saveWhoseFinalMoveFailsLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("taken");
    Files.createDirectories(target.resolve("inside"));
    assertThrows(java.nio.file.FileSystemException.class, () -> TestModels.tiny().save(target));
    assertTrue(Files.isDirectory(target.resolve("inside")));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(target), s.toList());
    }
  }

  /** Saving a closed classifier is refused before any file is touched. */
  @Test
  void savingAClosedClassifierIsRefused() throws IOException {
    Path file = dir.resolve("good.zip");
    TestModels.tiny().save(file);
    byte[] before = Files.readAllBytes(file);
    StanceClassifier closed = StanceClassifier.load(file);
    closed.close();
    assertEquals("this StanceClassifier is closed",
        assertThrows(IllegalStateException.class, () -> closed.save(file)).getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void infoRecordsProvenance() {
    ModelInfo i = TestModels.tiny().info();
    assertEquals(5, i.formatVersion());
    assertEquals(StanceTrainer.LIBRARY_VERSION, i.libraryVersion());
    assertEquals("CNN", i.architecture());
    assertEquals(TestModels.tinyData().sha256(), i.trainingDataSha256());
    assertEquals(TestModels.tinyData().size(), i.trainingExamples());
    assertEquals(TestModels.TINY_CONFIG, TrainingConfig.fromMap(i.trainingConfig()));
    assertTrue(i.parameterCount() > 0);
    assertTrue(i.provenance().get("java").length() > 0);
  }

  @Test
  void sharedBetweenThreadsGivesTheSingleThreadedAnswers() throws Exception {
    StanceClassifier c = TestModels.tiny();
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      inputs.add(STATEMENTS.get(i % STATEMENTS.size()) + " " + "word".repeat(i % 4));
    }
    List<StancePrediction> expected = new ArrayList<>();
    for (String s : inputs) {
      expected.add(c.classify(s));
    }
    List<StancePrediction> expectedBatch = c.classifyAll(inputs);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        final int offset = t;
        results.add(pool.submit(() -> {
          for (int round = 0; round < 25; round++) {
            int i = (offset * 7 + round) % inputs.size();
            if (!c.classify(inputs.get(i)).equals(expected.get(i))) {
              return false;
            }
            if (round % 5 == 0 && !c.classifyAll(inputs).equals(expectedBatch)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void useAfterCloseFailsClearly() throws IOException {
    Path file = dir.resolve("m.zip");
    TestModels.tiny().save(file);
    StanceClassifier c = StanceClassifier.load(file);
    c.close();
    c.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.classify("hello"));
    assertEquals("this StanceClassifier is closed", e.getMessage());
    assertThrows(IllegalStateException.class, () -> c.classifyAll(List.of("hello")));
    assertEquals(List.of("aid", "alliance"), c.targets());
  }

  /** A fault inside the engine reaches the caller as an IllegalStateException keeping its cause. */
  @Test
  void aFaultInsideTheNetworkIsAnIllegalStateExceptionWithItsCause() {
    StanceClassifier real = TestModels.tiny();
    RuntimeException fault = new ArithmeticException("simulated fault in the network");
    io.github.stance4j.internal.Engine broken = new io.github.stance4j.internal.Engine() {
      @Override
      public double[][] classify(List<String> statements, int[] targetIdx) {
        throw fault;
      }

      @Override
      public org.deeplearning4j.nn.conf.ComputationGraphConfiguration configuration() {
        return real.engine().configuration();
      }

      @Override
      public float[] params() {
        return real.engine().params();
      }

      @Override
      public org.deeplearning4j.nn.graph.ComputationGraph network() {
        throw fault;
      }

      @Override
      public int maxTokens() {
        return real.maxTokens();
      }

      @Override
      public int targets() {
        return real.targets().size();
      }

      @Override
      public boolean isClosed() {
        return false;
      }

      @Override
      public void close() {}
    };
    StanceClassifier c = new StanceClassifier(broken, real.manifest());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.classify("Any statement."));
    assertEquals("classification failed inside the network: " + fault, e.getMessage());
    assertEquals(fault, e.getCause());
    assertEquals(fault, assertThrows(IllegalStateException.class, () -> c.classifyAll(List.of("a", "b"))).getCause());
  }

  @Test
  void evaluateRefusesUnknownLabels() {
    StanceDataset d = StanceDataset.of(List.of(StanceExample.of("text", "alliance", "none")));
    StanceDataException e = assertThrows(StanceDataException.class, () -> TestModels.tiny().evaluate(d));
    assertTrue(e.getMessage().contains("example 1: label \"none\""), e.getMessage());
  }

  @Test
  void predictionValueType() {
    StancePrediction p = new StancePrediction("t", List.of(StanceLabel.SUPPORT, StanceLabel.OPPOSITION), new double[] {0.25, 0.75});
    assertEquals(StanceLabel.OPPOSITION, p.label());
    assertEquals("opposition", p.label().toString());
    assertEquals(0.75, p.confidence());
    assertEquals(Map.of(StanceLabel.SUPPORT, 0.25, StanceLabel.OPPOSITION, 0.75), p.probabilities());
    assertThrows(UnsupportedOperationException.class, () -> p.probabilities().put(StanceLabel.SUPPORT, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new StancePrediction("t", List.of(StanceLabel.SUPPORT), new double[] {Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> new StancePrediction("t", List.of(StanceLabel.SUPPORT, StanceLabel.OPPOSITION), new double[] {0.2, 0.2}));
    assertEquals("opposition (0.750) toward \"t\"", p.toString());
  }
}
