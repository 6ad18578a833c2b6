package io.github.stance4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import io.github.stance4j.StanceClassifier;
import io.github.stance4j.text.CsvTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir
  static Path dir;

  static Path data;
  static Path model;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @BeforeAll
  static void trainSmallModel() throws IOException {
    data = dir.resolve("tiny.csv");
    try (InputStream in = MainTest.class.getResourceAsStream("/tiny/tiny.csv")) {
      Files.copy(in, data);
    }
    model = dir.resolve("tiny.zip");
    Result r = run("train", "--data", data.toString(), "--out", model.toString(), "--epochs", "30",
        "--validation", "0", "--embedding-size", "16", "--hidden-size", "16", "--batch-size", "8",
        "--learning-rate", "0.01", "--min-count", "1", "--default-target", "alliance");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("epoch  30/30"), r.err());
    assertTrue(r.err().contains("saved " + model), r.err());
  }

  @Test
  void trainsAndUsesTheAccurateTier() {
    Path acc = dir.resolve("tiny-accurate.zip");
    Result r = run("train", "--data", data.toString(), "--out", acc.toString(), "--architecture", "MINILM",
        "--epochs", "5", "--validation", "0", "--default-target", "alliance");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("epoch   5/5"), r.err());
    Result info = run("info", "--model", acc.toString());
    assertEquals(0, info.code(), info.err());
    assertTrue(info.out().contains("tier:             ACCURATE"), info.out());
    assertTrue(info.out().contains("encoder:          sentence-transformers/all-MiniLM-L6-v2"), info.out());
    assertTrue(info.out().contains("hiddenSize           128"), "accurate-tier defaults: " + info.out());
    Result c = run("classify", "--tier", "ACCURATE", "Moscow will respond if Finland joins the bloc, the envoy warned.");
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().matches("(support|opposition|conditional)\t[01]\\.\\d{3}\tMoscow.*\\R?"), c.out());
  }

  @Test
  void classifiesArgumentsOneLineEach() {
    Result r = run("classify", "--model", model.toString(), "He vowed to veto the accession protocol.", "The door is open but not now.");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).matches("opposition\t[01]\\.\\d{3}\tHe vowed to veto the accession protocol\\."), lines.get(0));
    assertTrue(lines.get(1).startsWith("conditional\t"), lines.get(1));
    assertEquals("", r.err());
  }

  @Test
  void classifiesAsJsonWithTarget() {
    Result r = run("classify", "--model", model.toString(), "--json", "--target", "aid", "Stop sending weapons, it only prolongs the war.");
    assertEquals(0, r.code(), r.err());
    Map<?, ?> m = new Gson().fromJson(r.out().strip(), Map.class);
    assertEquals("aid", m.get("target"));
    assertEquals("opposition", m.get("label"));
    assertEquals(3, ((Map<?, ?>) m.get("probabilities")).size());
  }

  @Test
  void classifiesCsvKeepingRowsInOrder() throws IOException {
    Path in = dir.resolve("in.csv");
    Files.writeString(in, "id,statement,target\n1,\"He vowed to veto the accession protocol.\",\n2,\"Aid can continue only with strict audits.\",aid\n3,\"We strongly back their accession, and want it done quickly.\",alliance\n");
    Path out = dir.resolve("out.csv");
    Result r = run("classify", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    CsvTable t = CsvTable.read(out);
    assertEquals(List.of("id", "statement", "target", "target_source", "label", "confidence", "p_conditional", "p_opposition", "p_support"), t.header());
    assertEquals(List.of("1", "2", "3"), t.rows().stream().map(row -> row.fields().get(0)).toList());
    assertEquals("opposition", t.rows().get(0).fields().get(4));
    assertEquals("conditional", t.rows().get(1).fields().get(4));
    assertEquals("support", t.rows().get(2).fields().get(4));
    assertTrue(r.err().endsWith("\nclassified 3 statements into " + out + "\n"), r.err());
  }

  @Test
  void aLabelledCsvKeepsItsLabelColumnBesideThePrediction() throws IOException {
    Path in = dir.resolve("labelled.csv");
    Files.writeString(in, "statement,target,label,confidence\n\"He vowed to veto the accession protocol.\",alliance,support,high\n");
    Path out = dir.resolve("labelled-out.csv");
    Result r = run("classify", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    CsvTable t = CsvTable.read(out);
    assertEquals(List.of("statement", "target", "label", "confidence", "target_source", "predicted_label",
        "predicted_confidence", "p_conditional", "p_opposition", "p_support"), t.header());
    assertEquals(List.of("support", "high", "row", "opposition"), t.rows().get(0).fields().subList(2, 6));
  }

  @Test
  void csvToStandardOutputWithDashOrNoOutput() throws IOException {
    Path in = dir.resolve("stdout-in.csv");
    Files.writeString(in, "statement\n\"He vowed to veto the accession protocol.\"\n");
    for (List<String> args : List.of(List.of("--output", "-"), List.<String>of())) {
      List<String> all = new java.util.ArrayList<>(List.of("classify", "--model", model.toString(), "--input", in.toString()));
      all.addAll(args);
      Result r = run(all.toArray(String[]::new));
      assertEquals(0, r.code(), r.err());
      CsvTable t = CsvTable.parse("stdout", r.out().getBytes(StandardCharsets.UTF_8));
      assertEquals(List.of("statement", "target", "target_source", "label", "confidence", "p_conditional", "p_opposition", "p_support"), t.header());
      assertEquals(List.of("He vowed to veto the accession protocol.", "alliance", "default", "opposition"), t.rows().get(0).fields().subList(0, 4));
      assertEquals("classified 1 statement into standard output\n", r.err());
    }
    assertFalse(Files.exists(Path.of("-")), "no file named '-'");
  }

  @Test
  void targetOptionFillsOnlyBlankTargetCellsAndTheOutputSaysWhichTargetWasUsed() throws IOException {
    Path in = dir.resolve("targets.csv");
    Files.writeString(in, "statement,target\n"
        + "\"Aid can continue only with strict audits.\",aid\n"
        + "\"He vowed to veto the accession protocol.\",\n"
        + "\"We strongly back their accession, and want it done quickly.\",alliance\n");
    Path out = dir.resolve("targets-out.csv");
    Result r = run("classify", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(), "--target", "aid");
    assertEquals(0, r.code(), r.err());
    CsvTable t = CsvTable.read(out);
    assertEquals(List.of("aid", "row"), t.rows().get(0).fields().subList(1, 3));
    assertEquals(List.of("aid", "--target"), t.rows().get(1).fields().subList(1, 3));
    assertEquals(List.of("alliance", "row"), t.rows().get(2).fields().subList(1, 3));
    assertEquals("support", t.rows().get(2).fields().get(3), "the row's own target was used, not --target");
    assertTrue(r.err().contains("1 row with a blank target cell was classified toward \"aid\" (--target)"), r.err());

    r = run("classify", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    t = CsvTable.read(out);
    assertEquals(List.of("aid", "row"), t.rows().get(0).fields().subList(1, 3));
    assertEquals(List.of("alliance", "default"), t.rows().get(1).fields().subList(1, 3));
    assertTrue(r.err().contains("1 row with a blank target cell was classified toward \"alliance\" (the model's default target)"), r.err());
  }

  @Test
  void csvOutputThroughASymbolicLinkKeepsTheLinkAndRefusesPipes() throws Exception {
    Path in = dir.resolve("link-in.csv");
    Files.writeString(in, "statement\n\"He vowed to veto the accession protocol.\"\n");
    Path real = dir.resolve("link-real.csv");
    Files.writeString(real, "stale\n");
    Path link = Files.createSymbolicLink(dir.resolve("link-out.csv"), real.getFileName());
    Result r = run("classify", "--model", model.toString(), "--input", in.toString(), "--output", link.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("opposition", CsvTable.read(real).rows().get(0).fields().get(3));

    Path fifo = dir.resolve("out-pipe");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
    r = run("classify", "--model", model.toString(), "--input", in.toString(), "--output", fifo.toString());
    assertEquals(2, r.code());
    assertEquals("stance4j: --output " + fifo + ": not a regular file (a device, pipe or socket); use --output - for standard output (see 'stance4j classify --help')\n", r.err());
    assertFalse(Files.isRegularFile(fifo), "still a pipe");
  }

  @Test
  void evaluatePrintsJsonLastAndCrossValidates() {
    Result r = run("evaluate", "--model", model.toString(), "--data", data.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new Gson().fromJson(lines.get(lines.size() - 1), Map.class);
    assertEquals(36.0, m.get("n"));
    assertTrue((Double) m.get("accuracy") > 0.9);
    assertTrue(m.containsKey("macro_f1"));

    r = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--folds", "3");
    assertEquals(0, r.code(), r.err());
    lines = r.out().lines().toList();
    m = new Gson().fromJson(lines.get(lines.size() - 1), Map.class);
    assertEquals(3.0, m.get("folds"));
    assertEquals(36.0, m.get("n"));
  }

  @Test
  void evaluateWithEveryRowSkippedIsAnError() throws IOException {
    Path none = dir.resolve("none.csv");
    Files.writeString(none, "statement,target,label\n\"The summit opens on Monday.\",alliance,none\n"
        + "\"The talks ended at noon.\",aid,none\n");
    Result r = run("evaluate", "--model", model.toString(), "--data", none.toString(), "--skip-unknown-labels");
    assertEquals(1, r.code(), r.out());
    assertEquals("stance4j: all 2 rows were skipped (a label or target the model does not have); nothing to evaluate\n", r.err());
    assertFalse(r.out().contains("macro"), r.out());
  }

  /**
   * {@code calibrate} on the tiny model and its own training data (where it is right on nearly every
   * row): the written model has the new temperature, and too few rows fail with the count.
   */
  @Test
  void calibrateWritesARecalibratedModel() throws IOException {
    Path out = dir.resolve("tiny-recalibrated.zip");
    Result r = run("calibrate", "--model", model.toString(), "--data", data.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("temperature:  1.0000 -> "), r.out());
    assertTrue(r.out().contains("written:      " + out), r.out());
    try (StanceClassifier c = StanceClassifier.load(out)) {
      Map<?, ?> fit = (Map<?, ?>) c.info().metrics().get("recalibration");
      assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "-> %.4f", ((Number) fit.get("temperature")).doubleValue())),
          r.out());
    }
    Path few = dir.resolve("few.csv");
    Files.writeString(few, "statement,target,label\n\"They must join.\",alliance,support\n");
    Result bad = run("calibrate", "--model", model.toString(), "--data", few.toString(), "--out", dir.resolve("never.zip").toString());
    assertEquals(1, bad.code(), bad.out());
    assertEquals("stance4j: recalibrating needs at least 30 labelled examples, got 1\n", bad.err());
    assertFalse(Files.exists(dir.resolve("never.zip")));
  }

  /**
   * Each command's description is one paragraph that picocli wraps: no line of it but the last ends
   * short, as lines did when the source's own line breaks were kept and then wrapped again at 80.
   */
  @Test
  void helpTextsWrapAsParagraphs() {
    for (String cmd : List.of("classify", "train", "evaluate", "calibrate", "info", "bench", "soak")) {
      Result r = run(cmd, "--help");
      assertEquals(0, r.code(), cmd + ": " + r.err());
      List<String> lines = r.out().lines().toList();
      int i = 1;
      while (i < lines.size() && (lines.get(i).startsWith("Usage:") || lines.get(i).startsWith(" "))) {
        i++;
      }
      java.util.ArrayList<String> description = new java.util.ArrayList<>();
      while (i < lines.size() && !lines.get(i).startsWith(" ")) {
        description.add(lines.get(i++));
      }
      for (int k = 0; k + 1 < description.size(); k++) {
        assertTrue(description.get(k).length() >= 50, cmd + " --help, a short line mid-paragraph: \"" + description.get(k)
            + "\"\n" + r.out());
      }
    }
  }

  @Test
  void infoShowsTheManifest() {
    Result r = run("info", "--model", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("labels:           [conditional, opposition, support]"), r.out());
    assertTrue(r.out().contains("default target:   alliance"), r.out());
    assertTrue(r.out().contains("training ended:   ran all 30 epochs; kept the last (no validation split)"), r.out());
  }

  /**
   * A bad --unlabelled file fails before the teacher is loaded, naming the file: here the teacher
   * does not even exist, and the error is still about the statements.
   */
  @Test
  void aBadUnlabelledFileFailsBeforeTheTeacherLoads() throws IOException {
    Path bad = dir.resolve("unlabelled-bad.csv");
    Files.writeString(bad, "text,target\n\"They must join.\",alliance\n");
    Result r = run("train", "--data", data.toString(), "--out", dir.resolve("never.zip").toString(),
        "--teacher", dir.resolve("no-such-teacher.zip").toString(), "--unlabelled", bad.toString(), "--epochs", "1");
    assertTrue(r.code() != 0, r.err());
    assertTrue(r.err().contains("unlabelled-bad.csv"), r.err());
    assertFalse(r.err().contains("no-such-teacher"), r.err());
    assertFalse(Files.exists(dir.resolve("never.zip")));
  }

  @Test
  void trainContinuesFromAModel() {
    Path next = dir.resolve("next.zip");
    Result r = run("train", "--data", data.toString(), "--out", next.toString(), "--from", model.toString(), "--epochs", "2", "--validation", "0");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(next));
  }

  @Test
  void exitCodesAndOneLineErrors() throws IOException {
    Result r = run("classify", "--model", model.toString(), "--target", "nope", "text");
    assertEquals(2, r.code());
    assertEquals("stance4j: unknown target \"nope\"; this model knows [aid, alliance]\n", r.err());

    r = run("classify", "--bogus");
    assertEquals(2, r.code());
    assertEquals("stance4j: Unknown option: '--bogus' (see 'stance4j classify --help')\n", r.err());
    r = run("train", "--out", "x.zip");
    assertEquals(2, r.code());
    assertEquals("stance4j: Missing required option: '--data=FILE_OR_DIR' (see 'stance4j train --help')\n", r.err());
    r = run();
    assertEquals(2, r.code());
    assertEquals("stance4j: missing command: classify, train, evaluate, info, calibrate, bench or soak"
        + " (see 'stance4j --help')\n", r.err());
    r = run("info", "--tier", "fast");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("tier:             FAST"), r.out());
    r = run("info", "--tier", "quick");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("expected one of [FAST, ACCURATE] (case-insensitive) but was 'quick'"), r.err());

    Path missing = dir.resolve("missing.zip");
    r = run("classify", "--model", missing.toString(), "text");
    assertEquals(1, r.code());
    assertEquals("stance4j: " + missing + ": no such model file\n", r.err());
    r = run("evaluate", "--data", dir.resolve("missing.csv").toString());
    assertEquals(1, r.code());
    assertEquals("stance4j: " + dir.resolve("missing.csv") + ": no such data file\n", r.err());

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "statement,target\nx,y\n");
    r = run("train", "--data", bad.toString(), "--out", dir.resolve("x.zip").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("bad.csv:1: missing required column \"label\""), r.err());
    assertFalse(r.err().contains("\tat "), r.err());

    Path odd = dir.resolve("odd.csv");
    Files.writeString(odd, "statement,target,label\nx,t,support\ny,t,favour\n");
    r = run("train", "--data", odd.toString(), "--labels", "support,opposition,conditional", "--out", dir.resolve("y.zip").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().endsWith("stance4j: " + odd + ":3: label \"favour\" is not in the label set [support, opposition, conditional]; fix the label or train a new model\n"), r.err());

    r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("classify"));
    r = run("train", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("--from"));
  }

  /** Help text with its line wrapping undone. */
  static String flat(String s) {
    return s.replaceAll("\\s+", " ");
  }

  @Test
  void helpShowsWholeSentencesAndRealDefaults() {
    Result r = run("--help");
    assertEquals(0, r.code(), r.err());
    for (String header : List.of(
        "classify Classify statements given as arguments, or the rows of a CSV file.",
        "train Train a model on labelled CSV data and save it.",
        "evaluate Measure a model on labelled CSV data, or cross-validate its training settings.",
        "info Show what a model file records about itself.",
        "bench Measure load time, classify latency and classifyAll throughput on this machine.",
        "soak Call classify many times from several threads and report memory at checkpoints.")) {
      assertTrue(flat(r.out()).contains(header), header + " in " + r.out());
    }

    r = run("train", "--help");
    assertEquals(0, r.code(), r.err());
    String help = flat(r.out());
    // picocli may wrap the synopsis inside this option, so compare it without spaces
    assertTrue(help.replace(" ", "").contains("[--labels=LABEL[,LABEL...]]..."), r.out());
    assertFalse(help.contains("see README"), r.out());
    for (String option : List.of(
        "--epochs=N Maximum epochs (default 40; 60 for MINILM; 4 for MINILM_FINETUNED).",
        "--learning-rate=X Adam learning rate (default 0.002; 0.001 for MINILM; 0.00004 for MINILM_FINETUNED).",
        "--batch-size=N Examples per step (default 32; 16 for MINILM_FINETUNED).",
        "--hidden-size=N Filters per width (CNN), LSTM units (BILSTM) or hidden units (MINILM; not for MINILM_FINETUNED)"
            + " (default 96; 128 for MINILM).",
        "--l2=X L2 penalty (decoupled weight decay for MINILM_FINETUNED) (default 0.0001; 0.00001 for MINILM; 0.01 for"
            + " MINILM_FINETUNED).",
        "--min-count=N A word enters the vocabulary when seen this often (not for MINILM or MINILM_FINETUNED) (default 2; 1"
            + " below --small-data-size examples).",
        "--small-data-size=N Below this many examples, train with no validation split and a minimum word count of 1; 0 = off (default 500).",
        "--seed=N Random seed (default 42).")) {
      assertTrue(help.contains(option), option + " in " + r.out());
    }
  }

  @Test
  void loadsWhatTheCliSaved() throws IOException {
    try (StanceClassifier c = StanceClassifier.load(model)) {
      assertEquals("alliance", c.defaultTarget());
    }
  }
}
