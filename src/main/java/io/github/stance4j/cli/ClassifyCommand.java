package io.github.stance4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.stance4j.StanceDataException;
import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceLabel;
import io.github.stance4j.StancePrediction;
import io.github.stance4j.internal.AtomicFiles;
import io.github.stance4j.text.CsvTable;
import io.github.stance4j.text.StanceTokenizer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
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

@Command(name = "classify", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    header = "Classify statements given as arguments, or the rows of a CSV file.",
    description = {"Statements given as TEXT arguments print one line each: label, confidence, statement. "
        + "With --input, each row of a CSV file with a 'statement' column (and optionally a 'target' "
        + "column) is classified, and the CSV is written with added columns: the target used, where it "
        + "came from (row, --target or default), the label, its confidence and p_<label> per label."})
final class ClassifyCommand implements Callable<Integer> {

  @CommandLine.Mixin
  Models models;

  @Option(names = "--target", paramLabel = "T",
      description = "Target for TEXT arguments, and for CSV rows whose target cell is blank or absent; a row's own target is always used (default: the model's default target).")
  String target;

  @Option(names = "--json", description = "Print one JSON object per statement.")
  boolean json;

  @Option(names = "--input", paramLabel = "IN.csv", description = "CSV with a 'statement' column and optional 'target' column.")
  Path input;

  @Option(names = "--output", paramLabel = "OUT.csv",
      description = "Where to write the CSV: the input columns plus target, target_source, label, confidence and p_<label> (an added name the input already has gets the prefix predicted_, as predicted_label beside a gold label column); - or no --output writes it to standard output. A symbolic link is kept and the file it points to is replaced.")
  String output;

  @Option(names = "--explain", description = {"With TEXT arguments: mark each statement's " + ExplainOutput.MARKED
      + " most influential words (colour on a terminal, [brackets] otherwise); "
      + "with --json, add every word's contribution to each label."})
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
    if (output != null && input == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--output needs --input");
    }
    Path outFile = output == null || output.equals("-") ? null : Path.of(output);
    if (outFile != null) {
      try {
        AtomicFiles.requireRegularOrAbsent(outFile);
      } catch (FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output + ": "
            + (reason.startsWith("not a regular file")
                ? "not a regular file (a device, pipe or socket); use --output - for standard output"
                : reason), e, null, output);
      }
    }
    if (explain && input != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--explain works with TEXT arguments, not --input");
    }
    try (StanceClassifier c = models.load()) {
      if (explain) {
        explain(c, target == null ? c.defaultTarget() : target);
      } else if (input != null) {
        classifyCsv(c, outFile);
      } else {
        String t = target == null ? c.defaultTarget() : target;
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

  /** Where a row's target came from, as the {@code target_source} column says. */
  static final String FROM_ROW = "row";
  static final String FROM_OPTION = "--target";
  static final String FROM_DEFAULT = "default";

  /** Classifies the rows of {@code --input} and writes the CSV to {@code outFile}, or to standard output if null. */
  private void classifyCsv(StanceClassifier c, Path outFile) throws IOException {
    CsvTable table = CsvTable.read(input);
    int s = table.requireColumn("statement");
    int tc = table.column("target");
    String fill = target == null ? c.defaultTarget() : c.resolveTarget(target);
    String fillSource = target == null ? FROM_DEFAULT : FROM_OPTION;
    List<String> statements = new ArrayList<>();
    List<String> used = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    Map<String, List<Integer>> byTarget = new LinkedHashMap<>();
    int filled = 0;
    for (int i = 0; i < table.rows().size(); i++) {
      CsvTable.Row row = table.rows().get(i);
      String st = row.fields().get(s);
      if (StanceTokenizer.isBlank(st)) {
        throw new StanceDataException(table.source(), row.line(), "blank statement");
      }
      statements.add(st);
      String cell = tc < 0 ? "" : row.fields().get(tc);
      String t;
      if (StanceTokenizer.isBlank(cell)) {
        t = fill;
        sources.add(fillSource);
        filled++;
      } else {
        try {
          t = c.resolveTarget(cell);
        } catch (IllegalArgumentException e) {
          throw new StanceDataException(table.source(), row.line(), e.getMessage());
        }
        sources.add(FROM_ROW);
      }
      used.add(t);
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
    // the target column shows the target used: a blank cell is filled, an absent column added
    List<String> header = new ArrayList<>(table.header());
    if (tc < 0) {
      header.add("target");
    }
    List<String> added = new ArrayList<>(List.of("target_source", "label", "confidence"));
    for (StanceLabel l : c.labels()) {
      added.add("p_" + l.name());
    }
    for (String name : added) {
      header.add(unused(name, header));
    }
    AtomicFiles.Writer csv = stream -> {
      Writer w = stream == null ? spec.commandLine().getOut()
          : new OutputStreamWriter(stream, StandardCharsets.UTF_8);
      CsvTable.writeRow(w, header);
      for (int i = 0; i < preds.length; i++) {
        List<String> row = new ArrayList<>(table.rows().get(i).fields());
        if (tc < 0) {
          row.add(used.get(i));
        } else {
          row.set(tc, used.get(i));
        }
        row.add(sources.get(i));
        row.add(preds[i].label().name());
        row.add(String.format(Locale.ROOT, "%.4f", preds[i].confidence()));
        for (StanceLabel l : c.labels()) {
          row.add(String.format(Locale.ROOT, "%.4f", preds[i].probability(l)));
        }
        CsvTable.writeRow(w, row);
      }
      w.flush();
    };
    if (outFile == null) {
      csv.write(null);
    } else {
      AtomicFiles.write(outFile, csv);
    }
    PrintWriter err = spec.commandLine().getErr();
    if (filled > 0 && tc >= 0) {
      err.printf("%s with a blank target cell %s classified toward \"%s\" (%s)%n",
          count(filled, "row"), filled == 1 ? "was" : "were", fill,
          target == null ? "the model's default target" : "--target");
    }
    err.printf("classified %s into %s%n", count(preds.length, "statement"),
        outFile == null ? "standard output" : outFile);
    err.flush();
  }

  /**
   * {@code name}, or {@code predicted_name} (then {@code predicted_predicted_name}, ...) if the
   * header already has it: a labelled input keeps its {@code label} column beside the prediction.
   */
  static String unused(String name, List<String> header) {
    String n = name;
    while (header.contains(n)) {
      n = "predicted_" + n;
    }
    return n;
  }

  /** "1 statement", "2 statements". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
