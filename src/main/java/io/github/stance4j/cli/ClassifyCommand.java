package io.github.stance4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.stance4j.DataFormatException;
import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceLabel;
import io.github.stance4j.StancePrediction;
import io.github.stance4j.internal.AtomicFiles;
import io.github.stance4j.text.CsvTable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "classify", mixinStandardHelpOptions = true,
    description = {"Classify statements given as arguments (one output line each: label, confidence, statement),",
        "or a CSV file with a 'statement' column (and optionally 'target') into an output CSV."})
final class ClassifyCommand implements Callable<Integer> {

  @CommandLine.Mixin
  Models models;

  @Option(names = "--target", paramLabel = "T", description = "Target (default: the model's default target).")
  String target;

  @Option(names = "--json", description = "Print one JSON object per statement.")
  boolean json;

  @Option(names = "--input", paramLabel = "IN.csv", description = "CSV with a 'statement' column and optional 'target' column.")
  Path input;

  @Option(names = "--output", paramLabel = "OUT.csv", description = "Where to write the input rows plus label, confidence and p_<label> columns.")
  Path output;

  @Option(names = "--explain", description = {"With TEXT arguments: mark each statement's " + ExplainOutput.MARKED
      + " most influential words (colour on a terminal, [brackets] otherwise);",
      "with --json, add every word's contribution to each label."})
  boolean explain;

  @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Statements to classify.")
  List<String> texts = new ArrayList<>();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (input == null && texts.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give statements as TEXT arguments or --input IN.csv");
    }
    if (input != null && !texts.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give either TEXT arguments or --input, not both");
    }
    if ((input == null) != (output == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--input and --output go together");
    }
    if (explain && input != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--explain works with TEXT arguments, not --input");
    }
    try (StanceClassifier c = models.load()) {
      String t = target == null ? c.defaultTarget() : target;
      if (explain) {
        explain(c, t);
      } else if (input != null) {
        classifyCsv(c, t);
      } else {
        PrintWriter out = spec.commandLine().getOut();
        List<StancePrediction> ps = c.classifyAll(texts, t);
        Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        for (int i = 0; i < ps.size(); i++) {
          StancePrediction p = ps.get(i);
          if (json) {
            out.println(gson.toJson(toJson(texts.get(i), p)));
          } else {
            out.printf(Locale.ROOT, "%s\t%.3f\t%s%n", p.label(), p.confidence(), texts.get(i));
          }
        }
        out.flush();
      }
    }
    return 0;
  }

  private void explain(StanceClassifier c, String t) {
    PrintWriter out = spec.commandLine().getOut();
    Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    boolean ansi = ExplainOutput.colour();
    for (String text : texts) {
      io.github.stance4j.StanceExplanation e = c.explain(text, t);
      if (json) {
        Map<String, Object> m = toJson(text, e.prediction());
        m.putAll(ExplainOutput.json(e));
        out.println(gson.toJson(m));
      } else {
        out.println(ExplainOutput.line(e, ansi));
      }
    }
    out.flush();
  }

  static Map<String, Object> toJson(String statement, StancePrediction p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("statement", statement);
    m.put("target", p.target());
    m.put("label", p.label().name());
    m.put("confidence", round(p.confidence()));
    Map<String, Object> probs = new LinkedHashMap<>();
    p.probabilities().forEach((k, v) -> probs.put(k.name(), round(v)));
    m.put("probabilities", probs);
    return m;
  }

  private static double round(double x) {
    return Math.round(x * 10000) / 10000.0;
  }

  private void classifyCsv(StanceClassifier c, String defaultTarget) throws IOException {
    CsvTable table = CsvTable.read(input);
    int s = table.requireColumn("statement");
    int tc = table.column("target");
    List<String> statements = new ArrayList<>();
    Map<String, List<Integer>> byTarget = new LinkedHashMap<>();
    for (int i = 0; i < table.rows().size(); i++) {
      CsvTable.Row row = table.rows().get(i);
      String st = row.fields().get(s);
      if (st.isBlank()) {
        throw new DataFormatException(table.source(), row.line(), "blank statement");
      }
      statements.add(st);
      String t = target != null || tc < 0 || row.fields().get(tc).isBlank() ? defaultTarget : row.fields().get(tc).strip();
      if (!c.targets().contains(t)) {
        throw new DataFormatException(table.source(), row.line(), "unknown target \"" + t + "\"; this model knows " + c.targets());
      }
      byTarget.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
    }
    StancePrediction[] preds = new StancePrediction[statements.size()];
    for (Map.Entry<String, List<Integer>> e : byTarget.entrySet()) {
      List<String> group = new ArrayList<>();
      for (int i : e.getValue()) {
        group.add(statements.get(i));
      }
      List<StancePrediction> ps = c.classifyAll(group, e.getKey());
      for (int k = 0; k < ps.size(); k++) {
        preds[e.getValue().get(k)] = ps.get(k);
      }
    }
    List<String> header = new ArrayList<>(table.header());
    header.add("label");
    header.add("confidence");
    for (StanceLabel l : c.labels()) {
      header.add("p_" + l.name());
    }
    AtomicFiles.write(output, stream -> {
      Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
      CsvTable.writeRow(w, header);
      for (int i = 0; i < preds.length; i++) {
        List<String> row = new ArrayList<>(table.rows().get(i).fields());
        row.add(preds[i].label().name());
        row.add(String.format(Locale.ROOT, "%.4f", preds[i].confidence()));
        for (StanceLabel l : c.labels()) {
          row.add(String.format(Locale.ROOT, "%.4f", preds[i].probability(l)));
        }
        CsvTable.writeRow(w, row);
      }
      w.flush();
    });
    spec.commandLine().getErr().printf("classified %d statements into %s%n", preds.length, output);
  }
}
