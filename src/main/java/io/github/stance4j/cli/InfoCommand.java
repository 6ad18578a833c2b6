package io.github.stance4j.cli;

import io.github.stance4j.ModelInfo;
import io.github.stance4j.StanceClassifier;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, header = "Show what a model file records about itself.",
    description = "Format, version, tier, labels, targets, training data, settings, metrics and how training ended.")
final class InfoCommand implements Callable<Integer> {

  @CommandLine.Mixin
  Models models;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (StanceClassifier c = models.load()) {
      ModelInfo i = c.info();
      PrintWriter out = spec.commandLine().getOut();
      out.println("model:            " + models.describe());
      out.println("format version:   " + i.formatVersion());
      out.println("written by:       stance4j " + i.libraryVersion());
      out.println("created:          " + i.createdAt());
      out.println("tier:             " + i.tier());
      out.println("architecture:     " + i.architecture());
      if (!i.encoder().isEmpty()) {
        out.println("encoder:          " + i.encoder().get("name") + " (ONNX SHA-256 " + i.encoder().get("sha256") + ")");
      }
      out.println("labels:           " + i.labels());
      out.println("targets:          " + i.targets());
      out.println("default target:   " + i.defaultTarget());
      out.println("max tokens:       " + c.maxTokens());
      if (i.vocabularySize() > 0) {
        out.println("vocabulary:       " + i.vocabularySize() + " words");
      }
      out.println("parameters:       " + i.parameterCount());
      out.println("training data:    " + i.trainingExamples() + " examples, " + i.trainingWarnings()
          + " warning(s), SHA-256 " + i.trainingDataSha256());
      out.println("training config:");
      for (Map.Entry<String, String> e : i.trainingConfig().entrySet()) {
        out.printf("  %-20s %s%n", e.getKey(), e.getValue());
      }
      if (!i.stopReason().isEmpty()) {
        out.println("training ended:   " + i.stopReason());
      }
      out.println("metrics:          " + new com.google.gson.GsonBuilder().disableHtmlEscaping().create().toJson(i.metrics()));
      out.println("provenance:       " + i.provenance());
      out.flush();
    }
    return 0;
  }
}
