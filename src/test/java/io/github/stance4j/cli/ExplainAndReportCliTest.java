package io.github.stance4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainAndReportCliTest {

  @TempDir
  Path dir;

  @Test
  void explainMarksTheTopWordsInBracketsWhenPiped() {
    String s = "Moscow warned that it would take military-technical countermeasures if Sweden joined the bloc.";
    MainTest.Result r = MainTest.run("classify", "--explain", s, "We welcome North Macedonia as the thirtieth ally.");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size());
    String[] f = lines.get(0).split("\t");
    assertEquals("opposition", f[0]);
    assertFalse(f[2].contains("\u001b"), "no ANSI codes when stdout is not a terminal");
    long marked = f[2].chars().filter(ch -> ch == '[').count();
    assertTrue(marked >= 1 && marked <= ExplainOutput.MARKED, f[2]);
    assertEquals(s, f[2].replace("[", "").replace("]", ""));
    assertTrue(lines.get(1).startsWith("support\t"), lines.get(1));
  }

  @Test
  void ansiMarkingWrapsTheSameWords() {
    try (io.github.stance4j.StanceClassifier c = io.github.stance4j.StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST)) {
      io.github.stance4j.StanceExplanation e = c.explain("Finland's accession makes the whole alliance stronger.");
      String ansi = ExplainOutput.marked(e, true);
      String plain = ExplainOutput.marked(e, false);
      assertEquals(plain, ansi.replace("\u001b[1;33m", "[").replace("\u001b[0m", "]"));
      assertEquals(e.topWords(ExplainOutput.MARKED).size(), plain.chars().filter(ch -> ch == '[').count());
    }
  }

  @Test
  void explainAsJsonGivesEveryWordsContributions() {
    String s = "Hungary will ratify once the Swedish government stops lecturing Budapest.";
    MainTest.Result r = MainTest.run("classify", "--explain", "--json", s);
    assertEquals(0, r.code(), r.err());
    Map<?, ?> m = new Gson().fromJson(r.out().strip(), Map.class);
    assertEquals(s, m.get("statement"));
    List<?> words = (List<?>) m.get("words");
    assertEquals(10, words.size());
    for (Object o : words) {
      Map<?, ?> w = (Map<?, ?>) o;
      int start = ((Double) w.get("start")).intValue();
      int end = ((Double) w.get("end")).intValue();
      assertEquals(w.get("word"), s.substring(start, end));
      assertEquals(((Map<?, ?>) m.get("probabilities")).keySet(), ((Map<?, ?>) w.get("contributions")).keySet());
    }
    assertFalse(((List<?>) m.get("top_words")).isEmpty());
  }

  @Test
  void explainIsForTextArguments() throws IOException {
    Path in = dir.resolve("in.csv");
    Files.writeString(in, "statement\nHello there.\n");
    MainTest.Result r = MainTest.run("classify", "--explain", "--input", in.toString(), "--output", dir.resolve("o.csv").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--explain works with TEXT arguments"), r.err());
  }

  @Test
  void evaluateWritesTheReportWithTheFiguresPrinted() throws IOException {
    Path report = dir.resolve("report.html");
    MainTest.Result r = MainTest.run("evaluate", "--data", "training-data/heldout", "--skip-unknown-labels",
        "--report", report.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("wrote " + report), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new Gson().fromJson(lines.get(lines.size() - 1), Map.class);
    String html = Files.readString(report);
    assertTrue(Files.size(report) < 1_000_000);
    assertTrue(html.contains("data-figure=\"accuracy\">" + String.format(Locale.ROOT, "%.4f", (Double) m.get("accuracy")) + "<"));
    assertTrue(html.contains("data-figure=\"n\">" + ((Double) m.get("n")).intValue() + "<"));
    assertTrue(html.contains("training-data/heldout/heldout.csv:"), "origins survive --skip-unknown-labels");
  }

  @Test
  void evaluateWithFoldsAddsTheCrossValidation() throws IOException {
    Path data = dir.resolve("tiny.csv");
    try (InputStream in = ExplainAndReportCliTest.class.getResourceAsStream("/tiny/tiny.csv")) {
      Files.copy(in, data);
    }
    Path model = dir.resolve("tiny.zip");
    MainTest.Result r = MainTest.run("train", "--data", data.toString(), "--out", model.toString(), "--epochs", "15",
        "--validation", "0", "--embedding-size", "16", "--hidden-size", "16", "--batch-size", "8",
        "--learning-rate", "0.01", "--min-count", "1", "--default-target", "alliance");
    assertEquals(0, r.code(), r.err());
    Path report = dir.resolve("cv.html");
    r = MainTest.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--folds", "3",
        "--report", report.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new Gson().fromJson(lines.get(lines.size() - 1), Map.class);
    String html = Files.readString(report);
    assertTrue(html.contains("Cross-validation (3 folds)"));
    assertTrue(html.contains("data-figure=\"cv_macro_f1\">" + String.format(Locale.ROOT, "%.4f", (Double) m.get("macro_f1")) + "<"),
        "the pooled macro-F1 printed is the report's");
  }
}
