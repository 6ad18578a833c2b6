package io.github.stance4j;

import io.github.stance4j.internal.EncoderEngine;
import io.github.stance4j.internal.EncoderDelta;
import io.github.stance4j.internal.Engine;
import io.github.stance4j.internal.FinetuneTrainer;
import io.github.stance4j.internal.FinetunedEngine;
import io.github.stance4j.internal.Manifest;
import io.github.stance4j.internal.MiniLmEncoder;
import io.github.stance4j.internal.MiniLmWeights;
import io.github.stance4j.internal.ModelEngine;
import io.github.stance4j.internal.NativeRuntime;
import io.github.stance4j.internal.Targets;
import io.github.stance4j.internal.Networks;
import io.github.stance4j.internal.NgramModel;
import io.github.stance4j.internal.PretrainedEmbeddings;
import io.github.stance4j.internal.Temperature;
import io.github.stance4j.internal.Vocabulary;
import io.github.stance4j.text.StanceTokenizer;
import io.github.stance4j.text.WordPieceTokenizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link StanceClassifier}s on labelled data.
 *
 * <pre>{@code
 * StanceDataset data = StanceDataset.readCsv(Path.of("my-data.csv"));
 * StanceClassifier model = new StanceTrainer(TrainingConfig.defaults().withEpochs(30))
 *     .withListener(p -> System.out.println(p))
 *     .train(data);
 * model.save(Path.of("my-model.zip"));
 * }</pre>
 *
 * <p>The label set and the targets come from the data. When {@link TrainingConfig#validationFraction()}
 * is positive, that share of the data (stratified by target and label) is held out, the epoch with
 * the best validation macro-F1 is kept, and training stops early after
 * {@link TrainingConfig#patience()} epochs without improvement. Training is deterministic: the same
 * data, config and seed give the same model and metrics.
 *
 * <p>The config's architecture sets the tier: {@code CNN} and {@code BILSTM} train a
 * {@link Tier#FAST} model; {@code MINILM} trains a {@link Tier#ACCURATE} one (start from
 * {@link TrainingConfig#defaults(Tier)}), which needs the encoder's optional dependencies and
 * encodes each distinct statement once per call (once for all folds of
 * {@link #crossValidate}).
 *
 * <p><b>Distillation.</b> {@link #withTeacher(StanceClassifier, List, double)} trains a fast-tier
 * model to imitate a teacher (typically the accurate tier) on the labelled data and on unlabelled
 * statements that the teacher labels: the student learns the words of the unlabelled text, which
 * the labelled data alone may never show it.
 *
 * <p>Data that cannot train a model is refused before any training starts with a
 * {@link StanceDataException}: fewer than two labels, or a label with fewer examples than the
 * validation split or the folds need. A trainer is immutable and thread-safe; concurrent
 * {@code train} calls are allowed but share the machine's cores.
 *
 * <p>Training runs in DL4J and needs ND4J's native backend ({@code org.nd4j:nd4j-native} with the
 * classifier of the platform, which stance4j brings for Linux x86-64). Without it, every training
 * method throws an {@link IllegalStateException} that names the dependency to add. Classifying
 * with a CNN model, the bundled one included, does not need it.
 */
public final class StanceTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(StanceTrainer.class);

  /**
   * The stance4j version written into model files ({@link ModelInfo#libraryVersion()}). It is the
   * version of the build, read from a resource that Maven fills in from the pom; it is not a
   * compile-time constant, so code compiled against one version reports the version it runs with.
   */
  public static final String LIBRARY_VERSION = io.github.stance4j.internal.BuildInfo.version();

  private final TrainingConfig config;
  private final TrainingListener listener;
  private final Distillation distillation;

  /** A teacher, the unlabelled statements it labels, and the weight of its labels on labelled rows. */
  private record Distillation(StanceClassifier teacher, List<StanceQuery> unlabelled, double weight) {}

  /** A trainer with {@link TrainingConfig#defaults()}. */
  public StanceTrainer() {
    this(TrainingConfig.defaults());
  }

  /** A trainer with the given config. */
  public StanceTrainer(TrainingConfig config) {
    this(config, TrainingListener.none());
  }

  private StanceTrainer(TrainingConfig config, TrainingListener listener, Distillation distillation) {
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.distillation = distillation;
  }

  private StanceTrainer(TrainingConfig config, TrainingListener listener) {
    this(config, listener, null);
  }

  /** A copy of this trainer that reports progress to {@code listener}. */
  public StanceTrainer withListener(TrainingListener listener) {
    return new StanceTrainer(config, listener, distillation);
  }

  /**
   * A copy of this trainer that distils {@code teacher} into the model it trains. Each training
   * row's target distribution becomes {@code (1 - weight) * its label + weight * the teacher's
   * probabilities}, and every statement of {@code unlabelled} joins the training split with the
   * teacher's probabilities as its target distribution; for the fast tier, its words join the
   * vocabulary as the training rows' do. Validation, early stopping and calibration still use the labelled
   * validation split only. The teacher classifies each statement once, at the start of
   * {@link #train(StanceDataset)}; the trained model does not refer to it, and its
   * {@link ModelInfo#provenance()} records the teacher, the weight and the unlabelled statements'
   * count and SHA-256. The teacher is only read, so it may be in use elsewhere meanwhile.
   *
   * <p>Distillation trains the fast tier ({@code CNN} or {@code BILSTM}), or fine-tunes the encoder
   * ({@code MINILM_FINETUNED}: a fine-tuned model can learn from another, or from itself, on
   * statements nobody labelled); {@link #train} refuses {@code MINILM}, and
   * {@link #continueTraining} refuses a trainer with a teacher. In
   * {@link #crossValidate}, each fold's student learns from the same teacher: when the teacher
   * was trained on the whole data, it has seen every test fold, and the cross-validated figures
   * overstate the student.
   *
   * @param teacher the model whose probabilities the student learns; it must know exactly the
   *     data's labels (in any order) and every target of {@code unlabelled}
   * @param unlabelled statements the teacher labels; may be empty; each target must be one of
   *     the data's (matched as {@link StanceClassifier#resolveTarget(String)} matches)
   * @param weight the teacher's share of the labelled rows' targets, in [0, 1]
   * @throws NullPointerException if {@code teacher}, {@code unlabelled} or an element is null
   * @throws IllegalArgumentException if {@code weight} is outside [0, 1]
   * @throws IllegalStateException if {@code teacher} is closed
   */
  public StanceTrainer withTeacher(StanceClassifier teacher, List<StanceQuery> unlabelled, double weight) {
    Objects.requireNonNull(teacher, "teacher");
    Objects.requireNonNull(unlabelled, "unlabelled");
    for (int i = 0; i < unlabelled.size(); i++) {
      Objects.requireNonNull(unlabelled.get(i), "unlabelled[" + i + "]");
    }
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException("teacher weight must be in [0, 1], was " + weight);
    }
    if (teacher.engine().isClosed()) {
      throw new IllegalStateException("the teacher StanceClassifier is closed");
    }
    return new StanceTrainer(config, listener, new Distillation(teacher, List.copyOf(unlabelled), weight));
  }

  /** The config. */
  public TrainingConfig config() {
    return config;
  }

  /**
   * Trains a new classifier whose default target is the most frequent target of the data (the
   * first in sorted order on a tie).
   *
   * @throws StanceDataException if the data cannot train a model (see the class description)
   */
  public StanceClassifier train(StanceDataset data) {
    Objects.requireNonNull(data, "data");
    return train(data, mostFrequentTarget(data));
  }

  /**
   * Trains a new classifier with the given default target.
   *
   * @throws IllegalArgumentException if the data has no example for {@code defaultTarget} (matched
   *     as {@link StanceClassifier#resolveTarget(String)} matches targets)
   * @throws StanceDataException if the data cannot train a model
   */
  public StanceClassifier train(StanceDataset data, String defaultTarget) {
    return train(data, defaultTarget, new HashMap<>());
  }

  /** {@code vectorCache}: encoder sentence vectors by statement, reused across folds. */
  private StanceClassifier train(StanceDataset data, String defaultTarget, Map<String, float[]> vectorCache) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(defaultTarget, "defaultTarget");
    TrainingConfig cfg = config.adaptedTo(data.size());
    checkTrainable(data, cfg.validationFraction() > 0 ? 2 : 1);
    String dt;
    try {
      dt = Targets.resolve(defaultTarget, data.targets(), "the data's targets are");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("default target: " + e.getMessage(), e);
    }
    NativeRuntime.init();
    List<StanceLabel> labels = data.labels();
    List<String> targets = data.targets();
    Split split = split(data, cfg.validationFraction(), cfg.seed());
    Manifest m = new Manifest();
    m.format = Manifest.FORMAT;
    m.labels = names(labels);
    m.targets = targets;
    m.defaultTarget = dt;
    m.architecture = cfg.architecture().name();
    if (distillation != null && cfg.architecture() == TrainingConfig.Architecture.MINILM) {
      throw new IllegalArgumentException("distillation trains the fast tier (CNN or BILSTM) or fine-tunes the"
          + " encoder (MINILM_FINETUNED), not " + cfg.architecture());
    }
    if (cfg.architecture() == TrainingConfig.Architecture.MINILM_FINETUNED) {
      Distilled dist = distillation == null ? null : distil(distillation, data, split, labels, targets);
      return fitFinetuned(cfg, m, labels, targets, data, split, null, null, dist);
    }
    if (cfg.architecture().tier() == Tier.ACCURATE) {
      float[][] vectors = sentenceVectors(data, cfg.maxTokens(), vectorCache);
      ComputationGraph net = new ComputationGraph(Networks.buildHead(cfg, MiniLmEncoder.DIMENSION,
          targets.size(), labels.size()));
      net.init();
      m.formatVersion = Manifest.ACCURATE_FORMAT_VERSION;
      m.tier = Manifest.TIER_ACCURATE;
      m.tokenizer = new LinkedHashMap<>(Map.of("kind", "wordpiece", "maxTokens", cfg.maxTokens()));
      m.encoder = encoderEntry();
      int nt = targets.size();
      int nl = labels.size();
      int maxTokens = cfg.maxTokens();
      return fit(net, vectorBatches(vectors, nt), m, labels, targets, data, split, cfg, smallDataNote(data.size(), cfg), null,
          null, g -> EncoderEngine.of(g, maxTokens, nt, nl));
    }
    Distilled dist = distillation == null ? null : distil(distillation, data, split, labels, targets);
    StanceTokenizer tok = StanceTokenizer.withMaxTokens(cfg.maxTokens());
    List<List<String>> trainTokens = new ArrayList<>();
    for (int i : split.train) {
      trainTokens.add(tok.tokenize(data.examples().get(i).statement()));
    }
    if (dist != null) {
      for (StanceQuery q : dist.queries()) {
        trainTokens.add(tok.tokenize(q.statement()));
      }
    }
    Vocabulary vocab = Vocabulary.build(trainTokens, cfg.minTokenCount());
    float[][] start = null;
    if (cfg.pretrainedEmbeddings()) {
      WordPieceTokenizer wp = WordPieceTokenizer.miniLm();
      vocab = PretrainedEmbeddings.extend(vocab, wp, tok);
      start = PretrainedEmbeddings.vectors(vocab, wp, encoderWordEmbeddings(), cfg.embeddingSize());
    }
    ComputationGraphConfiguration conf = Networks.build(cfg, vocab.size(), targets.size(), labels.size());
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    if (start != null) {
      net.getLayer(Networks.EMBEDDING).setParam("W", Nd4j.createFromArray(start));
    }
    m.formatVersion = Manifest.FAST_FORMAT_VERSION;
    m.tokenizer = new LinkedHashMap<>(Map.of("version", StanceTokenizer.VERSION, "maxTokens", cfg.maxTokens()));
    return fitFast(net, vocab, tok, m, labels, targets, data, split, cfg, smallDataNote(data.size(), cfg), null, dist);
  }

  /**
   * The encoder's input word embeddings, for {@link TrainingConfig#pretrainedEmbeddings()}.
   *
   * @throws IllegalStateException if the encoder file is not on the classpath
   */
  private static float[] encoderWordEmbeddings() {
    try {
      return MiniLmWeights.load().values(MiniLmWeights.WORD_EMBEDDINGS);
    } catch (IllegalStateException | NoClassDefFoundError e) {
      throw new IllegalStateException("pretrainedEmbeddings needs the encoder file of the accurate tier: "
          + EncoderEngine.DEPENDENCIES + " (" + e + ")", e);
    }
  }

  /**
   * Why the small-data settings apply to {@code examples} examples, or null when they do not
   * ({@code cfg} is the config after {@link TrainingConfig#adaptedTo(int)}).
   */
  private String smallDataNote(int examples, TrainingConfig cfg) {
    if (cfg.equals(config)) {
      return null;
    }
    List<String> changed = new ArrayList<>();
    if (cfg.validationFraction() != config.validationFraction()) {
      changed.add("validationFraction 0 instead of " + config.validationFraction());
    }
    if (cfg.minTokenCount() != config.minTokenCount() && cfg.architecture() != TrainingConfig.Architecture.MINILM) {
      changed.add("minTokenCount 1 instead of " + config.minTokenCount());
    }
    return examples + " examples are fewer than smallDataSize " + config.smallDataSize()
        + ", so training used " + String.join(" and ", changed);
  }

  /**
   * Fine-tunes MiniLM ({@link FinetuneTrainer}) from the pretrained encoder, or further from
   * {@code base}; {@code m} holds labels, targets, default target and architecture.
   */
  private StanceClassifier fitFinetuned(TrainingConfig config, Manifest m, List<StanceLabel> labels, List<String> targets,
      StanceDataset data, Split split, FinetunedEngine base, String continuedFrom, Distilled dist) {
    int maxTokens = base == null ? config.maxTokens() : base.maxTokens();
    WordPieceTokenizer tok = WordPieceTokenizer.miniLm();
    int n = data.size();
    int u = dist == null ? 0 : dist.queries().size();
    int[][] ids = new int[n + u][];
    int[][] types = new int[n + u][];
    int[] lab = new int[n + u];
    List<Integer> train = new ArrayList<>(split.train());
    for (int i = 0; i < n + u; i++) {
      String target = i < n ? data.examples().get(i).target() : dist.queries().get(i - n).target();
      String statement = i < n ? data.examples().get(i).statement() : dist.queries().get(i - n).statement();
      int[][] p = FinetunedEngine.pair(tok, target, statement, maxTokens);
      ids[i] = p[0];
      types[i] = p[1];
      lab[i] = i < n ? labels.indexOf(data.examples().get(i).label()) : -1;
      if (i >= n) {
        train.add(i);
      }
    }
    byte[] onnx;
    MiniLmWeights pretrained;
    try {
      onnx = MiniLmEncoder.modelBytes();
      pretrained = MiniLmWeights.fromOnnx(onnx);
    } catch (NoClassDefFoundError | UnsatisfiedLinkError | IllegalStateException err) {
      throw new IllegalStateException("fine-tuning needs " + EncoderEngine.DEPENDENCIES + " (" + err + ")", err);
    }
    FinetuneTrainer.Result r = new FinetuneTrainer(config, listener).fit(pretrained,
        base == null ? Map.of() : base.changedWeights(), base == null ? null : base.head(),
        new FinetuneTrainer.Examples(ids, types, lab, dist == null ? null : dist.soft()), labels, train,
        split.validation());
    Map<String, float[]> stored = new LinkedHashMap<>();
    r.encoder().forEach((k, v) -> stored.put(k, EncoderDelta.round(v, FinetunedEngine.PRECISION)));
    FinetunedEngine engine = FinetunedEngine.of(onnx, pretrained.sha256(), stored, r.head(), targets, labels.size(),
        maxTokens);
    m.formatVersion = Manifest.FINETUNED_FORMAT_VERSION;
    m.tier = Manifest.TIER_ACCURATE;
    m.tokenizer = new LinkedHashMap<>(Map.of("kind", "wordpiece", "input", "pair", "maxTokens", maxTokens));
    Map<String, Object> enc = new LinkedHashMap<>();
    enc.put("name", MiniLmEncoder.NAME);
    enc.put("sha256", pretrained.sha256());
    enc.put("changedParameters", stored.size());
    enc.put("precision", FinetunedEngine.PRECISION.name().toLowerCase(java.util.Locale.ROOT));
    m.encoder = enc;
    double[][] validationProbs = null;
    if (!split.validation().isEmpty()) {
      List<String> vs = new ArrayList<>();
      int[] vt = new int[split.validation().size()];
      for (int k = 0; k < vt.length; k++) {
        StanceExample e = data.examples().get(split.validation().get(k));
        vs.add(e.statement());
        vt[k] = targets.indexOf(e.target());
      }
      validationProbs = engine.classify(vs, vt);
    }
    NgramModel ngram = ngram(config, data, split, labels, targets);
    validationProbs = blendValidation(m, config, ngram, validationProbs, data, split, targets, gold(split, lab), labels);
    finishManifest(m, config, data, split, continuedFrom, r.bestEpoch(), r.validation(), r.epochsRun(),
        r.stopReason(), validationProbs, gold(split, lab), labels);
    if (dist != null) {
      m.provenance.putAll(dist.provenance());
    }
    m.paramCount = (long) r.head().length;
    m.vocabularySize = 0;
    return new StanceClassifier(engine, io.github.stance4j.internal.ModelFile.roundTrip(m), ngram);
  }

  private static Map<String, Object> encoderEntry() {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", MiniLmEncoder.NAME);
    e.put("sha256", EncoderEngine.encoder().sha256());
    return e;
  }

  private StanceClassifier fitFast(ComputationGraph net, Vocabulary vocab, StanceTokenizer tok,
      Manifest m, List<StanceLabel> labels, List<String> targets, StanceDataset data, Split split,
      TrainingConfig cfg, String note, String continuedFrom, Distilled dist) {
    int n = data.size();
    int[][] seqs = new int[n + (dist == null ? 0 : dist.queries().size())][];
    for (int i = 0; i < n; i++) {
      seqs[i] = ModelEngine.encode(tok, vocab, data.examples().get(i).statement());
    }
    for (int i = n; i < seqs.length; i++) {
      seqs[i] = ModelEngine.encode(tok, vocab, dist.queries().get(i - n).statement());
    }
    int nt = targets.size();
    double wordDropout = cfg.wordDropout();
    Batches batches = (idx, tg, rnd, training) -> {
      List<int[]> bs = new ArrayList<>(idx.size());
      for (int i : idx) {
        bs.add(training && wordDropout > 0 ? dropWords(seqs[i], wordDropout, rnd) : seqs[i]);
      }
      return ModelEngine.inputs(bs, tg, nt);
    };
    int nl = labels.size();
    return fit(net, batches, m, labels, targets, data, split, cfg, note, continuedFrom, dist,
        g -> ModelEngine.of(g, vocab, tok, nt, nl));
  }

  /**
   * Sentence vectors of every statement of {@code data}, computed once per distinct statement (the
   * encoder is the slow part of training the accurate tier).
   */
  private static float[][] sentenceVectors(StanceDataset data, int maxTokens, Map<String, float[]> cache) {
    List<String> missing = new ArrayList<>();
    for (StanceExample e : data.examples()) {
      if (!cache.containsKey(e.statement())) {
        missing.add(e.statement());
      }
    }
    missing = new ArrayList<>(new java.util.LinkedHashSet<>(missing));
    if (!missing.isEmpty()) {
      LOG.info("encoding {} statements with {}", missing.size(), MiniLmEncoder.NAME);
      float[][] v = EncoderEngine.sentenceVectors(missing, maxTokens);
      for (int i = 0; i < v.length; i++) {
        cache.put(missing.get(i), v[i]);
      }
    }
    float[][] out = new float[data.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = cache.get(data.examples().get(i).statement());
    }
    return out;
  }

  private static Batches vectorBatches(float[][] vectors, int targets) {
    return (idx, tg, rnd, training) -> {
      List<float[]> bv = new ArrayList<>(idx.size());
      for (int i : idx) {
        bv.add(vectors[i]);
      }
      return EncoderEngine.inputs(bv, tg, targets);
    };
  }

  /** Network inputs {first, target, mask of first or null} for examples {@code idx}. */
  private interface Batches {
    INDArray[] inputs(List<Integer> idx, int[] targetIdx, Random rnd, boolean training);
  }

  /**
   * Continues training {@code base} on {@code data}: the network starts from the base model's
   * weights and keeps its vocabulary, labels, targets and architecture; the trainer's config sets
   * the seed, epochs, learning rate, batch size, validation split and patience. Words not in the
   * base vocabulary are read as unknown words. The data's targets are matched to the base model's
   * as {@link StanceClassifier#resolveTarget(String)} matches them.
   *
   * @throws StanceDataException if the data holds a label or target the base model does not know
   *     (the message names the file and line and lists what the model knows)
   * @throws IllegalStateException if {@code base} is closed
   */
  public StanceClassifier continueTraining(StanceClassifier base, StanceDataset data) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(data, "data");
    if (distillation != null) {
      throw new IllegalStateException("continueTraining does not distil; train a new model with the teacher");
    }
    data = data.requireLabels(base.labels()).mapTargets(base.targets(), "the base model knows");
    TrainingConfig cfg = config.adaptedTo(data.size());
    checkTrainable(data, cfg.validationFraction() > 0 ? 2 : 1, false);
    if (base.engine().isClosed()) {
      throw new IllegalStateException("the base StanceClassifier is closed");
    }
    Manifest b = base.manifest();
    Manifest m = new Manifest();
    m.format = Manifest.FORMAT;
    m.labels = b.labels;
    m.targets = b.targets;
    m.defaultTarget = b.defaultTarget;
    m.architecture = b.architecture;
    String baseData = b.trainingData == null ? null : String.valueOf(b.trainingData.get("sha256"));
    Split split = split(data, cfg.validationFraction(), cfg.seed());
    if (base.engine() instanceof FinetunedEngine) {
      return fitFinetuned(cfg, m, base.labels(), base.targets(), data, split,
          (FinetunedEngine) base.engine(), baseData, null);
    }
    ComputationGraph net = base.engine().network().clone();
    net.setLearningRate(cfg.learningRate());
    m.formatVersion = b.formatVersion;
    m.tier = b.tier;
    m.encoder = b.encoder;
    m.tokenizer = b.tokenizer;
    if (base.info().tier() == Tier.ACCURATE) {
      int maxTokens = base.maxTokens();
      int nt = base.targets().size();
      int nl = base.labels().size();
      float[][] vectors = sentenceVectors(data, maxTokens, new HashMap<>());
      return fit(net, vectorBatches(vectors, nt), m, base.labels(), base.targets(), data, split,
          cfg, smallDataNote(data.size(), cfg), baseData, null, g -> EncoderEngine.of(g, maxTokens, nt, nl));
    }
    ModelEngine fast = base.fastEngine();
    return fitFast(net, fast.vocabulary(), fast.tokenizer(), m, base.labels(), base.targets(), data,
        split, cfg, smallDataNote(data.size(), cfg), baseData, null);
  }

  /**
   * Stratified k-fold cross-validation: trains {@code folds} models, each on all data but one fold
   * (with this trainer's config, including its validation split inside the training part), and
   * evaluates each on its held-out fold. Folds are stratified by target and label and depend only
   * on the data and the seed.
   *
   * @throws IllegalArgumentException if {@code folds} is not between 2 and 50
   * @throws StanceDataException if a label has fewer examples than {@code folds}
   */
  public CrossValidationResult crossValidate(StanceDataset data, int folds) {
    Objects.requireNonNull(data, "data");
    if (folds < 2 || folds > 50) {
      throw new IllegalArgumentException("folds must be between 2 and 50, was " + folds);
    }
    checkTrainable(data, folds);
    List<List<Integer>> parts = stratifiedFolds(data, folds, config.seed());
    Map<String, float[]> vectorCache = new HashMap<>();
    List<Evaluation> results = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      List<Integer> train = new ArrayList<>();
      for (int j = 0; j < folds; j++) {
        if (j != k) {
          train.addAll(parts.get(j));
        }
      }
      StanceDataset trainSet = data.subset(train);
      StanceDataset testSet = data.subset(parts.get(k));
      try (StanceClassifier c = train(trainSet, mostFrequentTarget(trainSet), vectorCache)) {
        Evaluation e = c.evaluate(testSet);
        LOG.info("fold {}/{}: macro-F1 {}", k + 1, folds, String.format(java.util.Locale.ROOT, "%.4f", e.macroF1()));
        results.add(e);
      }
    }
    return new CrossValidationResult(results, Evaluation.pooled(results));
  }

  // ---------------------------------------------------------------- internals

  private static String mostFrequentTarget(StanceDataset data) {
    Map<String, Integer> c = new HashMap<>();
    for (StanceExample e : data.examples()) {
      c.merge(e.target(), 1, Integer::sum);
    }
    String best = null;
    for (String t : data.targets()) {
      if (best == null || c.get(t) > c.get(best)) {
        best = t;
      }
    }
    if (best == null) {
      throw new StanceDataException(null, 0, "the dataset is empty");
    }
    return best;
  }

  private static void checkTrainable(StanceDataset data, int minPerLabel) {
    checkTrainable(data, minPerLabel, true);
  }

  private static void checkTrainable(StanceDataset data, int minPerLabel, boolean needTwoLabels) {
    if (data.size() == 0) {
      throw new StanceDataException(null, 0, "the dataset is empty");
    }
    Map<StanceLabel, Integer> counts = data.labelCounts();
    if (needTwoLabels && counts.size() < 2) {
      throw new StanceDataException(null, 0, "the data has a single label " + counts.keySet()
          + "; a classifier needs at least two labels");
    }
    for (Map.Entry<StanceLabel, Integer> e : counts.entrySet()) {
      if (e.getValue() < minPerLabel) {
        throw new StanceDataException(null, 0, "label \"" + e.getKey() + "\" has " + e.getValue()
            + (e.getValue() == 1 ? " example" : " examples") + "; the validation split or folds need at least " + minPerLabel
            + " (first at " + firstOrigin(data, e.getKey()) + ")");
      }
    }
  }

  private static String firstOrigin(StanceDataset data, StanceLabel l) {
    for (int i = 0; i < data.size(); i++) {
      if (data.examples().get(i).label().equals(l)) {
        return data.origin(i);
      }
    }
    return "?";
  }

  private static List<String> names(List<StanceLabel> labels) {
    List<String> n = new ArrayList<>();
    for (StanceLabel l : labels) {
      n.add(l.name());
    }
    return n;
  }

  private record Split(List<Integer> train, List<Integer> validation) {}

  /** Groups example indices by (target, label), each group shuffled with the seed. */
  private static List<List<Integer>> strata(StanceDataset data, long seed) {
    Map<String, List<Integer>> groups = new java.util.TreeMap<>();
    for (int i = 0; i < data.size(); i++) {
      StanceExample e = data.examples().get(i);
      groups.computeIfAbsent(e.target() + "\u0000" + e.label(), k -> new ArrayList<>()).add(i);
    }
    Random r = new Random(seed);
    List<List<Integer>> out = new ArrayList<>();
    for (List<Integer> g : groups.values()) {
      Collections.shuffle(g, r);
      out.add(g);
    }
    return out;
  }

  static Split split(StanceDataset data, double fraction, long seed) {
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    for (List<Integer> g : strata(data, seed)) {
      int nVal = fraction <= 0 ? 0 : (int) Math.round(g.size() * fraction);
      if (fraction > 0 && g.size() >= 2) {
        nVal = Math.max(1, Math.min(nVal, g.size() - 1));
      } else {
        nVal = 0;
      }
      val.addAll(g.subList(0, nVal));
      train.addAll(g.subList(nVal, g.size()));
    }
    Collections.sort(train);
    Collections.sort(val);
    return new Split(train, val);
  }

  static List<List<Integer>> stratifiedFolds(StanceDataset data, int k, long seed) {
    List<List<Integer>> folds = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      folds.add(new ArrayList<>());
    }
    int next = 0;
    for (List<Integer> g : strata(data, seed)) {
      for (int i : g) {
        folds.get(next).add(i);
        next = (next + 1) % k;
      }
    }
    for (List<Integer> f : folds) {
      Collections.sort(f);
    }
    return folds;
  }

  private StanceClassifier fit(ComputationGraph net, Batches batches, Manifest m,
      List<StanceLabel> labels, List<String> targets, StanceDataset data, Split split,
      TrainingConfig cfg, String note, String continuedFrom, Distilled dist,
      Function<ComputationGraph, Engine> engineOf) {
    if (note != null) {
      LOG.info("{}", note);
    }
    Map<String, Integer> targetIdx = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      targetIdx.put(targets.get(i), i);
    }
    int n = data.size();
    int u = dist == null ? 0 : dist.queries().size();
    int[] tgt = new int[n + u];
    int[] lab = new int[n];
    for (int i = 0; i < n; i++) {
      StanceExample e = data.examples().get(i);
      tgt[i] = targetIdx.get(e.target());
      lab[i] = labels.indexOf(e.label());
    }
    List<Integer> train = new ArrayList<>(split.train());
    for (int k = 0; k < u; k++) {
      tgt[n + k] = dist.targets()[k];
      train.add(n + k);
    }
    Random rnd = new Random(cfg.seed());
    Nd4j.getRandom().setSeed(cfg.seed());
    Instant start = Instant.now();
    double bestF1 = Double.NEGATIVE_INFINITY;
    INDArray bestParams = null;
    int bestEpoch = 0;
    int sinceBest = 0;
    Evaluation bestEval = null;
    boolean validate = !split.validation().isEmpty();
    int epochsRun = 0;
    String stopReason = "";
    for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
      Collections.shuffle(train, rnd);
      double lossSum = 0;
      int steps = 0;
      for (int b = 0; b < train.size(); b += cfg.batchSize()) {
        List<Integer> batch = train.subList(b, Math.min(train.size(), b + cfg.batchSize()));
        int[] bt = new int[batch.size()];
        float[][] y = new float[batch.size()][labels.size()];
        for (int k = 0; k < batch.size(); k++) {
          int i = batch.get(k);
          bt[k] = tgt[i];
          if (dist != null) {
            y[k] = dist.soft()[i].clone();
          } else {
            y[k][lab[i]] = 1f;
          }
        }
        INDArray[] in = batches.inputs(batch, bt, rnd, true);
        INDArray labelsArray = Nd4j.createFromArray(y);
        MultiDataSet mds = new MultiDataSet(new INDArray[] {in[0], in[1]},
            new INDArray[] {labelsArray}, in[2] == null ? null : new INDArray[] {in[2], null}, null);
        net.fit(mds);
        lossSum += net.score();
        ModelEngine.close(in);
        ModelEngine.close(labelsArray);
        steps++;
      }
      double loss = lossSum / Math.max(1, steps);
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("training diverged at epoch " + epoch + " (loss " + loss
            + "); lower the learning rate (now " + cfg.learningRate() + ")");
      }
      double f1 = Double.NaN;
      boolean best = false;
      if (validate) {
        Evaluation ev = evaluateIndices(net, split.validation(), batches, tgt, lab, labels);
        f1 = ev.macroF1();
        if (f1 > bestF1) {
          bestF1 = f1;
          bestParams = net.params().dup();
          bestEpoch = epoch;
          bestEval = ev;
          sinceBest = 0;
          best = true;
        } else {
          sinceBest++;
        }
      } else {
        best = true;
        bestEpoch = epoch;
      }
      epochsRun = epoch;
      boolean early = validate && cfg.patience() > 0 && sinceBest >= cfg.patience();
      if (early) {
        stopReason = String.format(Locale.ROOT, "stopped early after epoch %d of %d: validation macro-F1 "
            + "did not improve for %d epochs (patience %d); kept epoch %d (validation macro-F1 %.4f)",
            epoch, cfg.epochs(), sinceBest, cfg.patience(), bestEpoch, bestF1);
      } else if (epoch == cfg.epochs()) {
        stopReason = validate
            ? String.format(Locale.ROOT, "ran all %d epochs; kept epoch %d (validation macro-F1 %.4f)",
                cfg.epochs(), bestEpoch, bestF1)
            : "ran all " + cfg.epochs() + " epochs; kept the last (no validation split"
                + (note != null ? ": " + note : "") + ")";
      }
      Duration elapsed = Duration.between(start, Instant.now());
      Duration remaining = stopReason.isEmpty()
          ? elapsed.dividedBy(epoch).multipliedBy(cfg.epochs() - epoch) : Duration.ZERO;
      listener.onEpoch(new TrainingProgress(epoch, cfg.epochs(), loss, f1, best, elapsed, remaining, stopReason));
      if (early) {
        break;
      }
    }
    LOG.info("{}", stopReason);
    if (bestParams != null) {
      net.setParams(bestParams);
    }
    if (m.halfPrecisionParams()) {
      // float16 weights (format 5): calibrate on what the saved file will compute
      float[] stored = EncoderDelta.round(net.params().castTo(DataType.FLOAT).toFloatVector(),
          EncoderDelta.Precision.FLOAT16);
      net.setParams(Nd4j.createFromArray(stored).reshape(1, stored.length).castTo(net.params().dataType()));
    }
    double[][] validationProbs = split.validation().isEmpty() ? null
        : probabilities(net, split.validation(), batches, tgt);
    NgramModel ngram = ngram(cfg, data, split, labels, targets);
    validationProbs = blendValidation(m, cfg, ngram, validationProbs, data, split, targets, gold(split, lab), labels);
    finishManifest(m, cfg, data, split, continuedFrom, bestEpoch, bestEval, epochsRun, stopReason,
        validationProbs, gold(split, lab), labels);
    if (dist != null) {
      m.provenance.putAll(dist.provenance());
    }
    m.paramCount = net.numParams();
    Engine engine = engineOf.apply(net);
    m.vocabularySize = engine instanceof ModelEngine ? ((ModelEngine) engine).vocabulary().size() : 0;
    return new StanceClassifier(engine, io.github.stance4j.internal.ModelFile.roundTrip(m), ngram);
  }

  /**
   * What distillation adds to {@link #fit}: the unlabelled statements (indices {@code n..n+u-1}
   * after the data's {@code n}), their target indices, the target distribution of every index
   * (null for validation rows) and the provenance entries describing them.
   */
  private record Distilled(List<StanceQuery> queries, int[] targets, float[][] soft, Map<String, String> provenance) {}

  private static Distilled distil(Distillation d, StanceDataset data, Split split, List<StanceLabel> labels,
      List<String> targets) {
    StanceClassifier teacher = d.teacher();
    if (!new java.util.HashSet<>(teacher.labels()).equals(new java.util.HashSet<>(labels))) {
      throw new IllegalArgumentException("the teacher's labels " + teacher.labels() + " are not the data's "
          + labels);
    }
    int n = data.size();
    List<StanceQuery> queries = new ArrayList<>(d.unlabelled().size());
    int[] qt = new int[d.unlabelled().size()];
    for (int k = 0; k < qt.length; k++) {
      StanceQuery q = d.unlabelled().get(k);
      String t;
      try {
        t = Targets.resolve(q.target(), targets, "the data's targets are");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unlabelled statement " + (k + 1) + ": " + e.getMessage(), e);
      }
      queries.add(new StanceQuery(q.statement(), t));
      qt[k] = targets.indexOf(t);
    }
    // with weight 0 the teacher's answers on labelled rows would be multiplied by 0: not asked
    List<Integer> labelled = d.weight() > 0 ? split.train() : List.of();
    List<StanceQuery> asked = new ArrayList<>();
    for (int i : labelled) {
      StanceExample e = data.examples().get(i);
      asked.add(new StanceQuery(e.statement(), e.target()));
    }
    asked.addAll(queries);
    LOG.info("the teacher labels {} statements", asked.size());
    double[][] p = teacherProbabilities(teacher, asked, labels);
    float[][] soft = new float[n + queries.size()][];
    for (int i : split.train()) {
      soft[i] = new float[labels.size()];
      soft[i][labels.indexOf(data.examples().get(i).label())] = (float) (1 - d.weight());
    }
    int row = 0;
    for (int i : labelled) {
      for (int l = 0; l < labels.size(); l++) {
        soft[i][l] += (float) (d.weight() * p[row][l]);
      }
      row++;
    }
    for (int k = 0; k < queries.size(); k++, row++) {
      float[] y = new float[labels.size()];
      for (int l = 0; l < y.length; l++) {
        y[l] = (float) p[row][l];
      }
      soft[n + k] = y;
    }
    ModelInfo ti = teacher.info();
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("teacher", ti.architecture() + " model, stance4j " + ti.libraryVersion() + ", training data sha256 "
        + ti.trainingDataSha256());
    prov.put("teacherWeight", Double.toString(d.weight()));
    prov.put("unlabelledStatements", Integer.toString(queries.size()));
    prov.put("unlabelledSha256", queriesSha256(queries));
    return new Distilled(queries, qt, soft, prov);
  }

  /** The teacher's probabilities for each query, in {@code labels}' order; one batch per target. */
  private static double[][] teacherProbabilities(StanceClassifier teacher, List<StanceQuery> queries,
      List<StanceLabel> labels) {
    Map<String, List<Integer>> byTarget = new LinkedHashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      byTarget.computeIfAbsent(teacher.resolveTarget(queries.get(i).target()), k -> new ArrayList<>()).add(i);
    }
    double[][] out = new double[queries.size()][];
    for (Map.Entry<String, List<Integer>> e : byTarget.entrySet()) {
      List<String> statements = new ArrayList<>(e.getValue().size());
      for (int i : e.getValue()) {
        statements.add(queries.get(i).statement());
      }
      List<StancePrediction> ps = teacher.classifyAll(statements, e.getKey());
      for (int k = 0; k < ps.size(); k++) {
        double[] row = new double[labels.size()];
        for (int l = 0; l < row.length; l++) {
          row[l] = ps.get(k).probability(labels.get(l));
        }
        out[e.getValue().get(k)] = row;
      }
    }
    return out;
  }

  private static String queriesSha256(List<StanceQuery> queries) {
    StringBuilder sb = new StringBuilder();
    for (StanceQuery q : queries) {
      sb.append(q.statement()).append('\u0000').append(q.target()).append('\n');
    }
    return io.github.stance4j.internal.ModelFile.sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The n-gram path ({@link TrainingConfig#ngramWeight()}) fitted on the training split (the same
   * examples the network learned from), or null when the weight is 0.
   */
  private static NgramModel ngram(TrainingConfig cfg, StanceDataset data, Split split, List<StanceLabel> labels,
      List<String> targets) {
    if (cfg.ngramWeight() == 0) {
      return null;
    }
    List<String> st = new ArrayList<>(split.train().size());
    int[] tg = new int[split.train().size()];
    int[] lb = new int[tg.length];
    for (int k = 0; k < tg.length; k++) {
      StanceExample e = data.examples().get(split.train().get(k));
      st.add(e.statement());
      tg[k] = targets.indexOf(e.target());
      lb[k] = labels.indexOf(e.label());
    }
    return NgramModel.train(st, tg, lb, targets.size(), labels.size(), cfg.ngramC());
  }

  /**
   * Describes {@code ngram} in the manifest and returns the validation probabilities the
   * classifier will give before calibration: the network's blended with the n-gram path's (the
   * network's as they are without one). With a validation split, the manifest's {@code ngram} entry
   * also gets the validation macro-F1 of the network alone, the n-gram path alone and the blend
   * ({@link ModelInfo#metrics()} shows them under {@code ngram}).
   */
  private static double[][] blendValidation(Manifest m, TrainingConfig cfg, NgramModel ngram, double[][] net,
      StanceDataset data, Split split, List<String> targets, int[] gold, List<StanceLabel> labels) {
    if (ngram == null) {
      return net;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("weight", cfg.ngramWeight());
    d.put("c", cfg.ngramC());
    d.put("features", ngram.features());
    d.put("sha256", io.github.stance4j.internal.ModelFile.sha256(ngram.toBytes()));
    m.ngram = d;
    m.requireFormat(Manifest.NGRAM_FORMAT_VERSION);
    if (net == null) {
      return null;
    }
    double[][] alone = new double[net.length][];
    double[][] blended = new double[net.length][];
    for (int k = 0; k < net.length; k++) {
      StanceExample e = data.examples().get(split.validation().get(k));
      alone[k] = ngram.probabilities(e.statement(), targets.indexOf(e.target()));
      blended[k] = NgramModel.blend(net[k], alone[k], cfg.ngramWeight());
    }
    Map<String, Object> f1 = new LinkedHashMap<>();
    f1.put("network", macroF1(net, gold, labels));
    f1.put("ngram", macroF1(alone, gold, labels));
    f1.put("blend", macroF1(blended, gold, labels));
    d.put("validationMacroF1", f1);
    return blended;
  }

  private static double macroF1(double[][] p, int[] gold, List<StanceLabel> labels) {
    List<StanceLabel> g = new ArrayList<>();
    List<StanceLabel> pred = new ArrayList<>();
    for (int k = 0; k < p.length; k++) {
      g.add(labels.get(gold[k]));
      pred.add(labels.get(StanceClassifier.argmax(p[k])));
    }
    return Evaluation.of(labels, g, pred).macroF1();
  }

  /** Fills the manifest's library, date, config, training data, metrics and provenance. */
  private static void finishManifest(Manifest m, TrainingConfig cfg, StanceDataset data, Split split,
      String continuedFrom, int bestEpoch, Evaluation bestEval, int epochsRun, String stopReason,
      double[][] validationProbs, int[] validationGold, List<StanceLabel> labels) {
    m.libraryVersion = LIBRARY_VERSION;
    m.createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    m.trainingConfig = cfg.toMap();
    Map<String, Object> td = new LinkedHashMap<>();
    td.put("sha256", data.sha256());
    td.put("examples", data.size());
    td.put("validationExamples", split.validation().size());
    td.put("warnings", data.warnings().size());
    td.put("counts", countsAsNames(data));
    if (continuedFrom != null) {
      td.put("continuedFromTrainingData", continuedFrom);
    }
    m.trainingData = td;
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("bestEpoch", bestEpoch);
    if (bestEval != null) {
      metrics.put("validation", bestEval.toMap());
    }
    calibrate(m, metrics, validationProbs, validationGold, labels);
    m.metrics = metrics;
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("epochsRun", epochsRun);
    run.put("stopReason", stopReason);
    m.training = run;
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("java", System.getProperty("java.version"));
    prov.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    prov.put("dl4j", "1.0.0-M2.1");
    m.provenance = prov;
  }

  /** Label index of each validation example, in split order. */
  private static int[] gold(Split split, int[] lab) {
    int[] gold = new int[split.validation().size()];
    for (int k = 0; k < gold.length; k++) {
      gold[k] = lab[split.validation().get(k)];
    }
    return gold;
  }

  private static int[] dropWords(int[] ids, double p, Random rnd) {
    int[] out = ids.clone();
    for (int i = 0; i < out.length; i++) {
      if (rnd.nextDouble() < p) {
        out[i] = Vocabulary.UNK_ID;
      }
    }
    return out;
  }

  private static Map<String, Map<String, Integer>> countsAsNames(StanceDataset data) {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<StanceLabel, Integer>> e : data.counts().entrySet()) {
      Map<String, Integer> inner = new LinkedHashMap<>();
      e.getValue().forEach((k, v) -> inner.put(k.name(), v));
      out.put(e.getKey(), inner);
    }
    return out;
  }

  private static Evaluation evaluateIndices(ComputationGraph net, List<Integer> idx, Batches batches,
      int[] tgt, int[] lab, List<StanceLabel> labels) {
    double[][] p = probabilities(net, idx, batches, tgt);
    List<StanceLabel> gold = new ArrayList<>();
    List<StanceLabel> pred = new ArrayList<>();
    for (int k = 0; k < p.length; k++) {
      gold.add(labels.get(lab[idx.get(k)]));
      pred.add(labels.get(StanceClassifier.argmax(p[k])));
    }
    return Evaluation.of(labels, gold, pred);
  }

  /** The network's probabilities for examples {@code idx}, in chunks of 256. */
  private static double[][] probabilities(ComputationGraph net, List<Integer> idx, Batches batches, int[] tgt) {
    double[][] out = new double[idx.size()][];
    for (int s = 0; s < idx.size(); s += 256) {
      List<Integer> chunk = idx.subList(s, Math.min(idx.size(), s + 256));
      int[] ct = new int[chunk.size()];
      for (int k = 0; k < chunk.size(); k++) {
        ct[k] = tgt[chunk.get(k)];
      }
      float[][] p = ModelEngine.output(net, batches.inputs(chunk, ct, null, false));
      for (int k = 0; k < chunk.size(); k++) {
        double[] row = new double[p[k].length];
        for (int j = 0; j < row.length; j++) {
          row[j] = p[k][j];
        }
        out[s + k] = row;
      }
    }
    return out;
  }

  /**
   * Fits the calibration temperature on the validation split (after the best epoch's weights are
   * restored) and records it, with the validation NLL and ECE before and after, in the manifest.
   * Without a validation split the model stays uncalibrated ({@code T = 1}) and the manifest says
   * why.
   */
  private static void calibrate(Manifest m, Map<String, Object> metrics, double[][] p, int[] gold,
      List<StanceLabel> labels) {
    if (p == null) {
      metrics.put("calibration", Map.of("method", "none", "reason", "no validation split"));
      return;
    }
    double t = Temperature.fit(p, gold);
    m.calibration = Temperature.entry(t);
    Map<String, Object> report = Temperature.entry(t);
    report.put("fittedOn", "validation split");
    report.put("examples", p.length);
    report.put("nllBefore", Temperature.nll(p, gold, 1));
    report.put("nllAfter", Temperature.nll(p, gold, t));
    report.put("eceBefore", ece(p, gold, labels, 1));
    report.put("eceAfter", ece(p, gold, labels, t));
    metrics.put("calibration", report);
  }

  /** The ECE of probability rows {@code p} scaled by temperature {@code t}, against {@code gold}. */
  static double ece(double[][] p, int[] gold, List<StanceLabel> labels, double t) {
    List<StanceLabel> g = new ArrayList<>();
    List<StancePrediction> pred = new ArrayList<>();
    for (int k = 0; k < p.length; k++) {
      g.add(labels.get(gold[k]));
      pred.add(new StancePrediction("validation", labels, Temperature.apply(p[k], t)));
    }
    return Evaluation.ofPredictions(labels, g, pred).expectedCalibrationError().orElse(0);
  }
}
