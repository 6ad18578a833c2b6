package io.github.stance4j.cli;

import io.github.stance4j.StanceClassifier;
import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceLabel;
import io.github.stance4j.StanceQuery;
import io.github.stance4j.StanceTrainer;
import io.github.stance4j.Tier;
import io.github.stance4j.TrainingConfig;
import io.github.stance4j.TrainingListener;
import io.github.stance4j.TrainingProgress;
import io.github.stance4j.TrainingStep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    header = "Train a model on labelled CSV data and save it.",
    description = {"The data has the columns statement, target and label. Defaults are the tier's "
        + "(TrainingConfig.defaults); on fewer than --small-data-size examples training uses no "
        + "validation split and a minimum word count of 1. Progress is printed after each epoch."})
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

  @Option(names = "--labels", paramLabel = "LABEL", split = ",",
      description = "Fix the label set, comma-separated: refuse data with any other label (file and line are named).")
  List<String> labels;

  @Option(names = "--architecture", paramLabel = "ARCH",
      description = "CNN or BILSTM (fast tier), MINILM or MINILM_FINETUNED (accurate tier) (default ${DEFAULT-VALUE}).")
  TrainingConfig.Architecture architecture = TrainingConfig.Architecture.CNN;

  // The training settings. Their help text, with the real defaults of both tiers, comes from
  // helpBundle(); the descriptions here are used only without it.

  @Option(names = "--seed", paramLabel = "N", description = "Random seed.")
  Long seed;

  @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs.")
  Integer epochs;

  @Option(names = "--learning-rate", paramLabel = "X", description = "Adam learning rate.")
  Double learningRate;

  @Option(names = "--batch-size", paramLabel = "N", description = "Batch size.")
  Integer batchSize;

  @Option(names = "--validation", paramLabel = "X", description = "Validation fraction.")
  Double validation;

  @Option(names = "--patience", paramLabel = "N", description = "Early-stopping patience, 0 = off.")
  Integer patience;

  @Option(names = "--embedding-size", paramLabel = "N", description = "Word vector size.")
  Integer embeddingSize;

  @Option(names = "--hidden-size", paramLabel = "N", description = "Filters per width / LSTM units / hidden units.")
  Integer hiddenSize;

  @Option(names = "--dropout", paramLabel = "X", description = "Dropout probability.")
  Double dropout;

  @Option(names = "--l2", paramLabel = "X", description = "L2 penalty.")
  Double l2;

  @Option(names = "--max-tokens", paramLabel = "N", description = "Tokens kept per statement.")
  Integer maxTokens;

  @Option(names = "--min-count", paramLabel = "N", description = "Minimum word count for the vocabulary.")
  Integer minCount;

  @Option(names = "--word-dropout", paramLabel = "X", description = "Probability of hiding a training word as unknown.")
  Double wordDropout;

  @Option(names = "--small-data-size", paramLabel = "N",
      description = "Below this many examples, train with no validation split and a minimum word count of 1; 0 = off.")
  Integer smallDataSize;

  @Option(names = "--trainable-layers", paramLabel = "N",
      description = "MINILM_FINETUNED: top encoder layers fine-tuned, 1 to 6 (default 6, all).")
  Integer trainableLayers;

  @Option(names = "--ema-decay", paramLabel = "X",
      description = "MINILM_FINETUNED: keep a moving average of the trained weights with this decay, in [0, 1), "
          + "and validate and keep the averaged weights; 0 = none (default 0).")
  Double emaDecay;

  @Option(names = "--ngram-weight", paramLabel = "X",
      description = "Share of the n-gram path (TF-IDF 1-2-grams + logistic regression) in each prediction, "
          + "in [0, 1); 0 = none (default 0.5 for MINILM_FINETUNED, 0 otherwise).")
  Double ngramWeight;

  @Option(names = "--ngram-c", paramLabel = "X", description = "The n-gram path's C (inverse L2 strength), default 1000.")
  Double ngramC;

  @Option(names = "--pretrained-embeddings",
      description = "CNN or BILSTM: start the word vectors from the encoder's (needs the accurate tier's "
          + "dependencies to train, not to run) and add its whole words to the vocabulary.")
  boolean pretrainedEmbeddings;

  @Option(names = "--teacher", paramLabel = "MODEL",
      description = "Distil this model into the new model (CNN, BILSTM or MINILM_FINETUNED): a model file, or "
          + "\"accurate\" for the bundled accurate model.")
  String teacher;

  @Option(names = "--unlabelled", paramLabel = "FILE_OR_DIR", arity = "1..*",
      description = "With --teacher: CSV files (columns statement and target) or directories of them, "
          + "labelled by the teacher and learned from.")
  List<Path> unlabelled;

  @Option(names = "--teacher-weight", paramLabel = "X",
      description = "With --teacher: the teacher's share of each labelled row's target distribution, in [0, 1] "
          + "(default ${DEFAULT-VALUE}).")
  double teacherWeight = 0.5;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The architecture's tier defaults, with every option given on the command line applied. */
  TrainingConfig config() {
    TrainingConfig c = TrainingConfig.defaults(architecture);
    c = trainableLayers == null ? c : c.withTrainableLayers(trainableLayers);
    c = ngramWeight == null ? c : c.withNgramWeight(ngramWeight);
    c = ngramC == null ? c : c.withNgramC(ngramC);
    c = emaDecay == null ? c : c.withEmaDecay(emaDecay);
    c = seed == null ? c : c.withSeed(seed);
    c = epochs == null ? c : c.withEpochs(epochs);
    c = learningRate == null ? c : c.withLearningRate(learningRate);
    c = batchSize == null ? c : c.withBatchSize(batchSize);
    c = validation == null ? c : c.withValidationFraction(validation);
    c = patience == null ? c : c.withPatience(patience);
    c = embeddingSize == null ? c : c.withEmbeddingSize(embeddingSize);
    c = hiddenSize == null ? c : c.withHiddenSize(hiddenSize);
    c = dropout == null ? c : c.withDropout(dropout);
    c = l2 == null ? c : c.withL2(l2);
    c = maxTokens == null ? c : c.withMaxTokens(maxTokens);
    c = minCount == null ? c : c.withMinTokenCount(minCount);
    c = wordDropout == null ? c : c.withWordDropout(wordDropout);
    c = pretrainedEmbeddings ? c.withPretrainedEmbeddings(true) : c;
    return smallDataSize == null ? c : c.withSmallDataSize(smallDataSize);
  }

  /**
   * Help text of the training settings with their real defaults, taken from
   * {@link TrainingConfig#defaults(TrainingConfig.Architecture)} of each architecture. Keys are the option
   * names without dashes, as picocli looks them up.
   */
  static java.util.ResourceBundle helpBundle() {
    TrainingConfig fast = TrainingConfig.defaults();
    TrainingConfig accurate = TrainingConfig.defaults(TrainingConfig.Architecture.MINILM);
    TrainingConfig tuned = TrainingConfig.defaults(TrainingConfig.Architecture.MINILM_FINETUNED);
    Object[][] contents = {
        {"seed", "Random seed" + defaults(fast.seed(), accurate.seed(), tuned.seed(), null)},
        {"epochs", "Maximum epochs" + defaults(fast.epochs(), accurate.epochs(), tuned.epochs(), null)},
        {"learning-rate", "Adam learning rate" + defaults(fast.learningRate(), accurate.learningRate(), tuned.learningRate(), null)},
        {"batch-size", "Examples per step" + defaults(fast.batchSize(), accurate.batchSize(), tuned.batchSize(), null)},
        {"validation", "Share of the data held out to choose the best epoch" + defaults(fast.validationFraction(), accurate.validationFraction(), tuned.validationFraction(), "0 below --small-data-size examples")},
        {"patience", "Stop after this many epochs without a better validation macro-F1, 0 = off"
            + defaults(fast.patience(), accurate.patience(), tuned.patience(), null)},
        {"embedding-size", "Word vector size (not for MINILM or MINILM_FINETUNED)" + defaults(fast.embeddingSize(), fast.embeddingSize(), tuned.embeddingSize(), null)},
        {"hidden-size", "Filters per width (CNN), LSTM units (BILSTM) or hidden units (MINILM; not for MINILM_FINETUNED)"
            + defaults(fast.hiddenSize(), accurate.hiddenSize(), accurate.hiddenSize(), null)},
        {"dropout", "Dropout probability" + defaults(fast.dropout(), accurate.dropout(), tuned.dropout(), null)},
        {"l2", "L2 penalty (decoupled weight decay for MINILM_FINETUNED)" + defaults(fast.l2(), accurate.l2(), tuned.l2(), null)},
        {"max-tokens", "Tokens kept per statement (WordPiece pieces for MINILM, at most 128)"
            + defaults(fast.maxTokens(), accurate.maxTokens(), tuned.maxTokens(), null)},
        {"min-count", "A word enters the vocabulary when seen this often (not for MINILM or MINILM_FINETUNED)"
            + defaults(fast.minTokenCount(), fast.minTokenCount(), tuned.minTokenCount(), "1 below --small-data-size examples")},
        {"word-dropout", "Probability of hiding a training word as unknown (not for MINILM or MINILM_FINETUNED)"
            + defaults(fast.wordDropout(), fast.wordDropout(), tuned.wordDropout(), null)},
        {"small-data-size", "Below this many examples, train with no validation split and a minimum word "
            + "count of 1; 0 = off" + defaults(fast.smallDataSize(), accurate.smallDataSize(), tuned.smallDataSize(), null)},
        {"ngram-weight", "Share of the n-gram path (TF-IDF word 1-2-grams + logistic regression, trained beside the "
            + "network) in each prediction, in [0, 1); 0 = none" + defaults(fast.ngramWeight(), accurate.ngramWeight(),
            tuned.ngramWeight(), null)},
        {"ngram-c", "The n-gram path's C (inverse L2 strength)" + defaults(fast.ngramC(), accurate.ngramC(),
            tuned.ngramC(), null)},
    };
    return new java.util.ListResourceBundle() {
      @Override
      protected Object[][] getContents() {
        return contents;
      }
    };
  }

  private static String defaults(Object fast, Object accurate, Object tuned, String note) {
    String f = plain(fast);
    String a = plain(accurate);
    String t = plain(tuned);
    return " (default " + f + (f.equals(a) ? "" : "; " + a + " for MINILM") + (f.equals(t) || a.equals(t) && !f.equals(a)
        ? "" : "; " + t + " for MINILM_FINETUNED") + (note == null ? "" : "; " + note) + ").";
  }

  private static String plain(Object v) {
    return v instanceof Double ? java.math.BigDecimal.valueOf((Double) v).stripTrailingZeros().toPlainString()
        : String.valueOf(v);
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
      err.printf("%s; training goes on%n", ClassifyCommand.count(ds.warnings().size(), "warning"));
    }
    if (labels != null) {
      List<StanceLabel> fixed = new java.util.ArrayList<>();
      for (String l : labels) {
        fixed.add(StanceLabel.of(l));
      }
      ds.requireLabels(fixed);
    }
    TrainingConfig used = cfg.adaptedTo(ds.size());
    if (from == null && !used.equals(cfg)) {
      err.printf("%d examples, fewer than --small-data-size %d: training with no validation split"
          + " and a minimum word count of 1 (README, \"Training on a small data set\")%n", ds.size(), cfg.smallDataSize());
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
    if (teacher == null && unlabelled != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--unlabelled needs --teacher");
    }
    StanceClassifier teacherModel = null;
    if (teacher != null) {
      // the statements first: a bad file fails in milliseconds, before a teacher is loaded
      List<StanceQuery> queries = unlabelled == null ? List.of() : StanceQuery.readCsv(unlabelled);
      teacherModel = "accurate".equalsIgnoreCase(teacher) ? StanceClassifier.loadDefault(Tier.ACCURATE)
          : StanceClassifier.load(Path.of(teacher));
      try {
        err.printf("teacher %s (%s), %d unlabelled statements, teacher weight %s%n", teacher,
            teacherModel.info().architecture(), queries.size(), plain(teacherWeight));
        trainer = trainer.withTeacher(teacherModel, queries, teacherWeight);
      } catch (RuntimeException e) {
        teacherModel.close();
        throw e;
      }
    }
    StanceClassifier model;
    try {
      model = train(trainer, ds);
    } finally {
      if (teacherModel != null) {
        teacherModel.close();
      }
    }
    try (model) {
      model.save(out);
      err.printf("saved %s%n", out);
    }
    err.flush();
    return 0;
  }

  private StanceClassifier train(StanceTrainer trainer, StanceDataset ds) throws java.io.IOException {
    StanceClassifier model;
    if (from != null) {
      try (StanceClassifier base = StanceClassifier.load(from)) {
        model = trainer.continueTraining(base, ds);
      }
    } else {
      model = defaultTarget == null ? trainer.train(ds) : trainer.train(ds, defaultTarget);
    }
    return model;
  }

  /** Step lines (slow trainings only) are printed at most this often, besides each epoch's first and last. */
  private static final long STEP_REPORT_NANOS = 30_000_000_000L;

  static void report(PrintWriter err, TrainingProgress p) {
    err.printf(Locale.ROOT, "epoch %3d/%d  loss %.4f  val macro-F1 %s%s  elapsed %ds  ~%ds left%n",
        p.epoch(), p.epochs(), p.loss(),
        p.hasValidation() ? String.format(Locale.ROOT, "%.4f", p.validationMacroF1()) : "  n/a ",
        p.best() ? " *" : "  ", p.elapsed().toSeconds(), p.remaining().toSeconds());
    if (p.last()) {
      err.println(p.stopReason());
    }
    err.flush();
  }
}
