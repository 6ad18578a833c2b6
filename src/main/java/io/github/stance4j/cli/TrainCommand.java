package io.github.stance4j.cli;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceLabel;
import io.github.stance4j.StanceTrainer;
import io.github.stance4j.TrainingConfig;
import io.github.stance4j.TrainingListener;
import io.github.stance4j.TrainingProgress;
import io.github.stance4j.TrainingStep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model on CSV data (columns statement, target, label) and save it.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "FILE_OR_DIR", arity = "1..*", required = true,
      description = "CSV files, or directories whose *.csv files are read.")
  List<Path> data;

  @Option(names = "--out", paramLabel = "MODEL", required = true, description = "Where to save the model.")
  Path out;

  @Option(names = "--from", paramLabel = "MODEL", description = "Continue training this model (same labels and targets).")
  Path from;

  @Option(names = "--default-target", paramLabel = "T", description = "Default target (default: the most frequent one).")
  String defaultTarget;

  @Option(names = "--labels", paramLabel = "L1,L2,...", split = ",",
      description = "Fix the label set: refuse data with any other label (file and line are named).")
  List<String> labels;

  @Option(names = "--seed", description = "Random seed (default 42).")
  Long seed;

  @Option(names = "--epochs", description = "Maximum epochs (default: the tier's, see README).")
  Integer epochs;

  @Option(names = "--learning-rate", description = "Adam learning rate (default: the tier's, see README).")
  Double learningRate;

  @Option(names = "--batch-size", description = "Batch size (default: the tier's, see README).")
  Integer batchSize;

  @Option(names = "--validation", description = "Validation fraction (default: the tier's, see README).")
  Double validation;

  @Option(names = "--patience", description = "Early-stopping patience, 0 = off (default: the tier's, see README).")
  Integer patience;

  @Option(names = "--architecture", description = "CNN or BILSTM (fast tier), MINILM or MINILM_FINETUNED (accurate tier) (default ${DEFAULT-VALUE}).")
  TrainingConfig.Architecture architecture = TrainingConfig.Architecture.CNN;

  @Option(names = "--embedding-size", description = "Word vector size (default: the tier's, see README).")
  Integer embeddingSize;

  @Option(names = "--hidden-size", description = "Filters per width / LSTM units (default: the tier's, see README).")
  Integer hiddenSize;

  @Option(names = "--dropout", description = "Dropout probability (default: the tier's, see README).")
  Double dropout;

  @Option(names = "--l2", description = "L2 penalty (default: the tier's, see README).")
  Double l2;

  @Option(names = "--max-tokens", description = "Tokens kept per statement (default: the tier's, see README).")
  Integer maxTokens;

  @Option(names = "--min-count", description = "Minimum word count for the vocabulary (default: the tier's, see README).")
  Integer minCount;

  @Option(names = "--word-dropout", description = "Probability of hiding a training word as unknown (default: the tier's, see README).")
  Double wordDropout;

  @Option(names = "--trainable-layers", description = "MINILM_FINETUNED: top encoder layers fine-tuned, 1 to 6 (default: 3).")
  Integer trainableLayers;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The architecture's tier defaults, with every option given on the command line applied. */
  TrainingConfig config() {
    TrainingConfig d = TrainingConfig.defaults(architecture);
    return new TrainingConfig(or(seed, d.seed()), or(epochs, d.epochs()), or(learningRate, d.learningRate()),
        or(batchSize, d.batchSize()), or(validation, d.validationFraction()), or(patience, d.patience()),
        architecture, or(embeddingSize, d.embeddingSize()), or(hiddenSize, d.hiddenSize()),
        or(dropout, d.dropout()), or(l2, d.l2()), or(maxTokens, d.maxTokens()),
        or(minCount, d.minTokenCount()), or(wordDropout, d.wordDropout()), or(trainableLayers, d.trainableLayers()));
  }

  private static <T> T or(T given, T otherwise) {
    return given != null ? given : otherwise;
  }

  @Override
  public Integer call() throws Exception {
    TrainingConfig cfg = config();
    PrintWriter err = spec.commandLine().getErr();
    StanceDataset ds = StanceDataset.readCsv(data);
    err.printf("read %d examples: %s%n", ds.size(), ds.counts());
    for (String w : ds.warnings()) {
      err.println("warning: " + w);
    }
    if (!ds.warnings().isEmpty()) {
      err.printf("%d warning(s); training goes on%n", ds.warnings().size());
    }
    if (labels != null) {
      List<StanceLabel> fixed = new java.util.ArrayList<>();
      for (String l : labels) {
        fixed.add(StanceLabel.of(l));
      }
      ds.requireLabels(fixed);
    }
    StanceTrainer trainer = new StanceTrainer(cfg).withListener(new TrainingListener() {
      private long lastStep;

      @Override
      public void onEpoch(TrainingProgress p) {
        report(err, p);
      }

      @Override
      public void onStep(TrainingStep s) {
        long now = System.nanoTime();
        if (s.step() == 1 || s.step() == s.steps() || now - lastStep >= STEP_REPORT_NANOS) {
          lastStep = now;
          err.printf(Locale.ROOT, "  epoch %d/%d step %d/%d  loss %.4f  elapsed %ds  ~%ds left%n", s.epoch(), s.epochs(),
              s.step(), s.steps(), s.loss(), s.elapsed().toSeconds(), s.remaining().toSeconds());
          err.flush();
        }
      }
    });
    StanceClassifier model;
    if (from != null) {
      try (StanceClassifier base = StanceClassifier.load(from)) {
        model = trainer.continueTraining(base, ds);
      }
    } else {
      model = defaultTarget == null ? trainer.train(ds) : trainer.train(ds, defaultTarget);
    }
    try (model) {
      model.save(out);
      Object val = model.info().metrics().get("validation");
      err.printf("saved %s (best epoch %s%s)%n", out, model.info().metrics().get("bestEpoch"),
          val instanceof Map ? ", validation macro-F1 " + ((Map<?, ?>) val).get("macro_f1") : "");
    }
    err.flush();
    return 0;
  }

  /** Step lines (slow trainings only) are printed at most this often, besides each epoch's first and last. */
  private static final long STEP_REPORT_NANOS = 30_000_000_000L;

  static void report(PrintWriter err, TrainingProgress p) {
    err.printf(Locale.ROOT, "epoch %3d/%d  loss %.4f  val macro-F1 %s%s  elapsed %ds  ~%ds left%n",
        p.epoch(), p.epochs(), p.loss(),
        Double.isNaN(p.validationMacroF1()) ? "  n/a " : String.format(Locale.ROOT, "%.4f", p.validationMacroF1()),
        p.best() ? " *" : "  ", p.elapsed().toSeconds(), p.remaining().toSeconds());
    err.flush();
  }
}
