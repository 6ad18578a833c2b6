package io.github.stance4j;

import io.github.stance4j.internal.AtomicFiles;
import io.github.stance4j.internal.Engine;
import io.github.stance4j.internal.Manifest;
import io.github.stance4j.internal.Temperature;
import io.github.stance4j.internal.ModelEngine;
import io.github.stance4j.internal.ModelFile;
import io.github.stance4j.internal.NgramModel;
import io.github.stance4j.internal.Targets;
import io.github.stance4j.text.StanceTokenizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Labels the stance of a statement toward a target, for example whether a quote supports, opposes
 * or conditionally supports NATO enlargement.
 *
 * <pre>{@code
 * StanceClassifier classifier = StanceClassifier.loadDefault();
 * StancePrediction p = classifier.classify(
 *     "Moscow will respond if Finland joins the bloc, the envoy warned.");
 * System.out.println(p.label() + " " + p.confidence()); // opposition 0.9986
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread-safety.</b> A classifier is immutable and safe to share between any number of
 *       threads; concurrent calls give exactly the answers they would give one at a time. CNN
 *       models (the bundled one included) run their trained weights in a plain-Java kernel that
 *       gives DL4J's answers to 1e-5 and takes no lock. Other architectures run in DL4J, each call
 *       on a private copy of the network from a pool, because DL4J networks are not thread-safe; a
 *       call that finds no idle copy builds one without waiting for other calls, so the pool holds
 *       as many copies as calls ever ran at once. stance4j takes no lock on the way to a result,
 *       except once per JVM while ND4J starts.</li>
 *   <li><b>Nulls.</b> Every method throws {@link NullPointerException} naming the parameter when
 *       given {@code null}; no method returns {@code null}.</li>
 *   <li><b>Input.</b> A blank statement is an {@link IllegalArgumentException}; any other string is
 *       classified. Statements longer than the model's token cap ({@code maxTokens} in
 *       {@link #info()}, 128 for the bundled model) are classified on their first tokens only by
 *       the network; a model with an n-gram path ({@code ngramWeight} in the training config, as
 *       both bundled models have) reads the whole statement there.</li>
 *   <li><b>Targets.</b> Targets are compared after trimming: the exact spelling first, and
 *       otherwise ignoring case, so {@code "nato enlargement"} means {@code "NATO enlargement"}
 *       (see {@link #resolveTarget(String)}). A target the model was not trained on is an
 *       {@link IllegalArgumentException} that names the closest known target, when one is close,
 *       and lists the targets it knows.</li>
 *   <li><b>Errors.</b> A model file that cannot be read is a {@link ModelFormatException}; a fault
 *       inside the network during classification is an {@link IllegalStateException} with the
 *       cause.</li>
 *   <li><b>Resources.</b> A CNN model holds only Java heap memory: its weights (1.2 MB for the
 *       bundled model) and a cache of 3.8 KB per vocabulary word, filled as words are first seen.
 *       A model run in DL4J, a freshly trained one, or one used as the base of continued training
 *       also holds DL4J networks in native memory. {@link #close()} frees them at once (a copy in
 *       use by a running call as soon as that call ends); after that every classifying and saving
 *       method throws {@link IllegalStateException}. ND4J's per-thread working memory stays with
 *       the threads that ran DL4J calls, and the accurate tier's encoder is kept for the JVM's
 *       life. An unclosed classifier is reclaimed by the garbage collector.</li>
 * </ul>
 */
public final class StanceClassifier implements AutoCloseable {

  /** Classpath location of the bundled {@link Tier#FAST} model. */
  public static final String DEFAULT_MODEL_RESOURCE = "/io/github/stance4j/stance4j-default.zip";
  /**
   * The tier {@link #loadDefault()} loads: {@link Tier#ACCURATE}, which measured 0.12 macro-F1
   * above {@link Tier#FAST} on the real-world dev set (README, "Tiers"; the rule is at least 0.03).
   */
  public static final Tier DEFAULT_TIER = Tier.ACCURATE;
  /** Classpath location of the bundled {@link Tier#ACCURATE} model. */
  public static final String ACCURATE_MODEL_RESOURCE = "/io/github/stance4j/stance4j-accurate.zip";

  private final Engine engine;
  private final Manifest manifest;
  private final List<StanceLabel> labels;
  private final List<String> targets;
  private final Map<String, Integer> targetIndex;
  private final ModelInfo info;
  /** The calibration temperature applied to every prediction; 1 means none. */
  private final double temperature;
  /** The n-gram path blended with the network's probabilities, or null. */
  private final NgramModel ngram;
  /** The n-gram path's share of the blend (0 without one). */
  private final double ngramWeight;

  StanceClassifier(Engine engine, Manifest manifest) {
    this(engine, manifest, null);
  }

  StanceClassifier(Engine engine, Manifest manifest, NgramModel ngram) {
    this.engine = engine;
    this.manifest = manifest;
    this.temperature = Temperature.of(manifest);
    this.ngram = ngram;
    this.ngramWeight = ngram == null ? 0 : ((Number) manifest.ngram.get("weight")).doubleValue();
    List<StanceLabel> ls = new ArrayList<>();
    for (String l : manifest.labels) {
      ls.add(StanceLabel.of(l));
    }
    this.labels = Collections.unmodifiableList(ls);
    this.targets = List.copyOf(manifest.targets);
    Map<String, Integer> ti = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      ti.put(targets.get(i), i);
    }
    this.targetIndex = ti;
    this.info = toInfo(manifest, labels);
  }

  /**
   * The manifest's metrics, with the n-gram path's validation macro-F1 figures (network alone,
   * n-gram path alone, blend) under {@code ngram} when the model has them.
   */
  private static Map<String, Object> metrics(Manifest m) {
    Map<String, Object> out = new LinkedHashMap<>(m.metrics == null ? Map.of() : m.metrics);
    if (m.ngram != null && m.ngram.get("validationMacroF1") != null) {
      out.put("ngram", m.ngram.get("validationMacroF1"));
    }
    return out;
  }

  private static ModelInfo toInfo(Manifest m, List<StanceLabel> labels) {
    Instant created;
    try {
      created = m.createdAt == null ? Instant.EPOCH : Instant.parse(m.createdAt);
    } catch (DateTimeParseException e) {
      created = Instant.EPOCH;
    }
    Map<String, Object> data = m.trainingData == null ? Map.of() : m.trainingData;
    Object sha = data.get("sha256");
    Object n = data.get("examples");
    Object w = data.get("warnings");
    Map<String, String> encoder = new LinkedHashMap<>();
    if (m.encoder != null) {
      encoder.put("name", String.valueOf(m.encoder.get("name")));
      encoder.put("sha256", String.valueOf(m.encoder.get("sha256")));
    }
    Map<String, Object> run = m.training == null ? Map.of() : m.training;
    Object epochsRun = run.get("epochsRun");
    Object stopReason = run.get("stopReason");
    return ModelInfo.builder()
        .formatVersion(m.formatVersion)
        .libraryVersion(String.valueOf(m.libraryVersion))
        .createdAt(created)
        .architecture(String.valueOf(m.architecture))
        .tier(Manifest.TIER_ACCURATE.equals(m.tier) ? Tier.ACCURATE : Tier.FAST)
        .labels(labels)
        .targets(m.targets)
        .defaultTarget(m.defaultTarget)
        .trainingConfig(m.trainingConfig == null ? Map.of() : m.trainingConfig)
        .trainingDataSha256(sha == null ? "" : sha.toString())
        .trainingExamples(n instanceof Number ? ((Number) n).longValue() : 0)
        .trainingWarnings(w instanceof Number ? ((Number) w).longValue() : 0)
        .vocabularySize(m.vocabularySize)
        .parameterCount(m.paramCount)
        .metrics(metrics(m))
        .provenance(m.provenance == null ? Map.of() : m.provenance)
        .encoder(encoder)
        .epochsRun(epochsRun instanceof Number ? ((Number) epochsRun).intValue() : 0)
        .stopReason(stopReason == null ? "" : stopReason.toString())
        .build();
  }

  // ---------------------------------------------------------------- loading and saving

  /**
   * Loads the bundled model of {@link #DEFAULT_TIER}, the fine-tuned {@link Tier#ACCURATE} model:
   * labels {@code conditional}, {@code none}, {@code opposition}, {@code support}; targets
   * {@code NATO enlargement} (the default), {@code military aid to Ukraine} and
   * {@code European peacekeepers in Ukraine}. It is the default because it measured the most
   * accurate on real text (README, "Tiers"). Loading takes a few seconds and about 400 MB (the
   * encoder is read from its jar and given to ONNX Runtime); each call loads a new instance, so keep
   * and share one (it is thread-safe). An application that wants only the fast tier calls
   * {@code loadDefault(Tier.FAST)} and may exclude the encoder dependencies (README).
   *
   * @throws IllegalStateException if the bundled model is missing or unreadable (a broken jar), or
   *     the encoder dependencies were excluded (the message lists them)
   */
  public static StanceClassifier loadDefault() {
    return loadDefault(DEFAULT_TIER);
  }

  /**
   * Loads the bundled model of a tier. Both have the same labels and targets. {@link Tier#FAST}
   * loads in well under a second and runs in plain Java; {@link Tier#ACCURATE} needs the encoder
   * dependencies on the classpath (README, "Tiers") and takes a few seconds to load.
   *
   * @throws NullPointerException if {@code tier} is null
   * @throws IllegalStateException if the bundled model is missing or unreadable, or the
   *     accurate tier's dependencies are missing (the message lists them)
   */
  public static StanceClassifier loadDefault(Tier tier) {
    Objects.requireNonNull(tier, "tier");
    String resource = tier == Tier.FAST ? DEFAULT_MODEL_RESOURCE : ACCURATE_MODEL_RESOURCE;
    try (InputStream in = StanceClassifier.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("bundled model " + resource + " is not on the classpath");
      }
      return load(in, "bundled model " + resource);
    } catch (IOException e) {
      throw new IllegalStateException("bundled model " + resource + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Loads a model file written by {@link #save(Path)}, by this or an earlier stance4j (files of
   * every earlier format are read; a file of a newer format is refused, naming its version). An
   * accurate-tier model is refused with a {@link ModelFormatException} unless the encoder on the
   * classpath is the one it was trained on (same SHA-256).
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws ModelFormatException if the path is a directory or the file is not a readable stance4j
   *     model (the message names the problem)
   * @throws IOException if the file cannot be read
   */
  public static StanceClassifier load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (Files.isDirectory(file)) {
      throw new ModelFormatException(file + ": is a directory, not a model file");
    }
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such model file");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return load(in, file.toString());
    }
  }

  /**
   * Loads a model from a stream, which is read to its end (the whole model is held in memory while
   * it is checked) and not closed.
   *
   * @throws ModelFormatException if the bytes are not a readable stance4j model
   * @throws IOException if the stream cannot be read
   */
  public static StanceClassifier load(InputStream in) throws IOException {
    return load(Objects.requireNonNull(in, "in"), "model stream");
  }

  static StanceClassifier load(InputStream in, String name) throws IOException {
    ModelFile.Contents c = ModelFile.read(in, name);
    try {
      return new StanceClassifier(c.engine(), c.manifest(), c.ngram());
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(name + ": manifest: " + e.getMessage(), e);
    }
  }

  /**
   * Saves the model. A fast-tier model trained by this version stores its network weights in
   * float16 (model format 5), the values it computes with since training ended, so the saved model
   * answers exactly as this one; stance4j 0.7 and earlier cannot read such a file. The file is
   * written to a temporary file in the same directory, flushed to
   * disk, then moved over {@code file} in one step, so a crash or error never leaves a
   * half-written file where a good model was. If {@code file} is a symbolic link, the file it
   * points to is replaced and the link is kept.
   *
   * @throws IOException if the file cannot be written, or {@code file} is (or links to) a
   *     directory, device, pipe or socket; an existing file is then left unchanged
   */
  public void save(Path file) throws IOException {
    save(file, java.util.function.UnaryOperator.identity());
  }

  /** {@link #save(Path)} writing through {@code wrap} (tests inject faults mid-write with it). */
  void save(Path file, java.util.function.UnaryOperator<OutputStream> wrap) throws IOException {
    Objects.requireNonNull(file, "file");
    ensureOpen();
    AtomicFiles.write(file, out -> save(wrap.apply(out)));
  }

  /**
   * Writes the model to a stream; the stream is flushed, not closed.
   *
   * @throws IOException if the stream cannot be written
   */
  public void save(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    ensureOpen();
    ModelFile.write(out, manifest, engine, ngram);
    out.flush();
  }

  // ---------------------------------------------------------------- classifying

  /**
   * Classifies the stance of {@code statement} toward {@link #defaultTarget()}.
   *
   * @throws NullPointerException if {@code statement} is null
   * @throws IllegalArgumentException if {@code statement} is blank
   * @throws IllegalStateException if the classifier is closed
   */
  public StancePrediction classify(String statement) {
    return classify(statement, defaultTarget());
  }

  /**
   * Classifies the stance of {@code statement} toward {@code target}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code statement} is blank or the model does not know
   *     {@code target} (the message lists the targets it knows)
   * @throws IllegalStateException if the classifier is closed
   */
  public StancePrediction classify(String statement, String target) {
    Objects.requireNonNull(statement, "statement");
    int t = targetIndex(target);
    if (StanceTokenizer.isBlank(statement)) {
      throw new IllegalArgumentException("statement is blank");
    }
    return predict(List.of(statement), t).get(0);
  }

  /**
   * Classifies many statements toward {@link #defaultTarget()}; each answer equals
   * {@link #classify(String)}'s for that statement (to 1e-5). What it saves depends on the engine:
   * a CNN model (the bundled one included) runs each statement in the Java kernel, so this costs
   * about what a loop of {@code classify} costs. Models that run in DL4J (a BiLSTM, or any model
   * with {@code -Dstance4j.inference=dl4j}) and the accurate tier's encoder run the statements in
   * batches, which costs less per statement than one call each. Any number of statements is
   * accepted.
   *
   * @return one prediction per statement, in the same order
   * @throws NullPointerException if the list or an element is null (the message gives its index)
   * @throws IllegalArgumentException if an element is blank (the message gives its index)
   * @throws IllegalStateException if the classifier is closed
   */
  public List<StancePrediction> classifyAll(List<String> statements) {
    return classifyAll(statements, defaultTarget());
  }

  /**
   * Classifies many statements toward {@code target}; see {@link #classifyAll(List)}.
   *
   * @throws IllegalArgumentException also if the model does not know {@code target}
   */
  public List<StancePrediction> classifyAll(List<String> statements, String target) {
    Objects.requireNonNull(statements, "statements");
    int t = targetIndex(target);
    List<String> checked = new ArrayList<>(statements.size());
    for (int i = 0; i < statements.size(); i++) {
      String s = Objects.requireNonNull(statements.get(i), "statements[" + i + "]");
      if (StanceTokenizer.isBlank(s)) {
        throw new IllegalArgumentException("statements[" + i + "] is blank");
      }
      checked.add(s);
    }
    return predict(checked, t);
  }

  /**
   * Explains the label of {@code statement} toward {@link #defaultTarget()}; see
   * {@link #explain(String, String)}.
   *
   * @throws NullPointerException if {@code statement} is null
   * @throws IllegalArgumentException if {@code statement} is blank
   * @throws IllegalStateException if the classifier is closed
   */
  public StanceExplanation explain(String statement) {
    return explain(statement, defaultTarget());
  }

  /**
   * Classifies {@code statement} toward {@code target} and says why: for each word, how much it
   * raised or lowered the probability of every label (see {@link StanceExplanation} for the exact
   * meaning). Works the same way for every tier and architecture, by occlusion: the statement is
   * classified once whole and once without each word, all in one batch.
   * {@link StanceExplanation#prediction()} is the prediction {@link #classify(String, String)}
   * gives.
   *
   * <p><b>Cost.</b> {@code n + 1} statements are classified for {@code n} words, in one batched
   * call (so an explanation costs about {@code n + 1} statements of {@link #classifyAll}
   * throughput, not {@code n + 1} single calls). For statements of 28 to 32 words (31 statements
   * classified on average), {@code bench --explain} measured a median of 2.5 to 6.2 ms over four
   * runs on the bundled fast tier on a 2-core machine shared with other jobs (load average 10 to
   * 19), and 114 ms on the bundled accurate model with the machine nearly idle; README,
   * "Explanations and the evaluation report". The cost grows linearly with the number of words, also for words past the
   * model's token cap, which get a contribution of about 0.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code statement} is blank or the model does not know
   *     {@code target}
   * @throws IllegalStateException if the classifier is closed
   */
  public StanceExplanation explain(String statement, String target) {
    Objects.requireNonNull(statement, "statement");
    int t = targetIndex(target);
    if (statement.isBlank()) {
      throw new IllegalArgumentException("statement is blank");
    }
    List<int[]> spans = StanceExplanation.wordSpans(statement);
    List<String> variants = StanceExplanation.variants(statement, spans);
    return StanceExplanation.fromPredictions(statement, spans, labels, predict(variants, t));
  }

  private List<StancePrediction> predict(List<String> statements, int target) {
    int[] tg = new int[statements.size()];
    java.util.Arrays.fill(tg, target);
    return predict(statements, tg);
  }

  /** Calibrated predictions for each statement toward the target index at the same position. */
  private List<StancePrediction> predict(List<String> statements, int[] tg) {
    double[][] p;
    try {
      p = engine.classify(statements, tg);
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("classification failed inside the network: " + e, e);
    }
    List<StancePrediction> out = new ArrayList<>(p.length);
    for (int i = 0; i < p.length; i++) {
      double[] row = ngram == null ? p[i]
          : NgramModel.blend(p[i], ngram.probabilities(statements.get(i), tg[i]), ngramWeight);
      out.add(new StancePrediction(targets.get(tg[i]), labels, Temperature.apply(row, temperature)));
    }
    return Collections.unmodifiableList(out);
  }

  private int targetIndex(String target) {
    Objects.requireNonNull(target, "target");
    Integer i = targetIndex.get(target);
    return i != null ? i : targetIndex.get(Targets.resolve(target, targets));
  }

  /**
   * The model's spelling of {@code target}: after trimming, the target that equals it, or else the
   * one target that equals it ignoring case. This is how every method that takes a target matches
   * it, and {@link StancePrediction#target()} gives the model's spelling.
   *
   * @throws NullPointerException if {@code target} is null
   * @throws IllegalArgumentException if the model does not know {@code target} (the message names
   *     the closest known target, when one is close, and lists them all), or if it matches two of
   *     the model's targets that differ only in case
   */
  public String resolveTarget(String target) {
    return targets.get(targetIndex(target));
  }

  private void ensureOpen() {
    if (engine.isClosed()) {
      throw new IllegalStateException("this StanceClassifier is closed");
    }
  }

  /**
   * Classifies every example of {@code data} toward its own target and compares the predicted label
   * with the example's: accuracy, macro-F1, per-label precision, recall and F1, and the confusion
   * matrix. Targets are matched as {@link #resolveTarget(String)} does.
   * The evaluation keeps each prediction's confidence, so it also reports calibration
   * ({@link Evaluation#expectedCalibrationError()}).
   *
   * @throws StanceDataException if the data is empty, or holds a target or label the model does not
   *     know (the message names the file and line)
   * @throws IllegalStateException if the classifier is closed
   */
  public Evaluation evaluate(StanceDataset data) {
    Objects.requireNonNull(data, "data");
    if (data.size() == 0) {
      throw new StanceDataException(null, 0, "the dataset is empty; nothing to evaluate");
    }
    List<StanceLabel> gold = new ArrayList<>();
    for (StanceExample e : data.examples()) {
      gold.add(e.label());
    }
    return Evaluation.ofPredictions(labels, gold, predictAll(data));
  }

  /** The fewest labelled examples {@link #recalibrated(StanceDataset)} fits a temperature on. */
  public static final int MIN_RECALIBRATION_EXAMPLES = 30;

  /**
   * A new classifier that gives the same labels as this one, with its confidence recalibrated on
   * {@code data}: labelled statements like the ones it will meet in use, which it was not trained
   * on. The bundled models are calibrated on a split of their own training corpus, and on real news
   * text they are over-confident (README, "Calibration"); a few hundred statements from your own
   * source give a threshold on {@link StancePrediction#confidence()} its meaning there.
   *
   * <p>One factor {@code s} is fitted on {@code data} by minimising the negative log-likelihood of
   * its labels under this classifier's probabilities raised to {@code 1/s} and renormalised
   * (temperature scaling again, on top of the model's own: the new temperature is the old one times
   * {@code s}, kept within [{@value io.github.stance4j.internal.Temperature#MIN},
   * {@value io.github.stance4j.internal.Temperature#MAX}]). The winning label of every statement stays
   * the same. The figures of the fit (old and new temperature, examples, negative log-likelihood and
   * ECE on {@code data} before and after) are in {@code info().metrics().get("recalibration")} and
   * are saved with the model; they are measured on the data fitted, so measure the result on other
   * data. If the classifier is right on every statement of {@code data}, the fit sharpens as far as
   * it can: use data on which it makes mistakes.
   *
   * <p>This classifier is not changed, and the two are independent: each must be closed. The new one
   * is built by writing this model to memory and reading it back, so it costs what
   * {@link #load(InputStream)} costs (for the accurate tier, seconds and about 400 MB). Thread-safe.
   *
   * @throws NullPointerException if {@code data} is null
   * @throws StanceDataException if {@code data} has fewer than {@value #MIN_RECALIBRATION_EXAMPLES}
   *     examples (the message gives the count), or holds a target or label the model does not know
   *     (the message names the file and line)
   * @throws IllegalStateException if the classifier is closed
   */
  public StanceClassifier recalibrated(StanceDataset data) {
    Objects.requireNonNull(data, "data");
    ensureOpen();
    if (data.size() < MIN_RECALIBRATION_EXAMPLES) {
      throw new StanceDataException(null, 0, "recalibrating needs at least " + MIN_RECALIBRATION_EXAMPLES
          + " labelled examples, got " + data.size());
    }
    List<StancePrediction> predictions = predictAll(data);
    double[][] p = new double[predictions.size()][];
    int[] gold = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = new double[labels.size()];
      for (int j = 0; j < p[i].length; j++) {
        p[i][j] = predictions.get(i).probability(labels.get(j));
      }
      gold[i] = labels.indexOf(data.examples().get(i).label());
    }
    double t = Math.max(Temperature.MIN, Math.min(Temperature.MAX, temperature * Temperature.fit(p, gold)));
    double factor = t / temperature;
    Manifest m = ModelFile.roundTrip(manifest);
    m.calibration = Temperature.entry(t);
    Map<String, Object> report = Temperature.entry(t);
    report.put("previousTemperature", temperature);
    report.put("examples", p.length);
    report.put("nllBefore", Temperature.nll(p, gold, 1));
    report.put("nllAfter", Temperature.nll(p, gold, factor));
    report.put("eceBefore", StanceTrainer.ece(p, gold, labels, 1));
    report.put("eceAfter", StanceTrainer.ece(p, gold, labels, factor));
    m.metrics = m.metrics == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m.metrics);
    m.metrics.put("recalibration", report);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      ModelFile.write(bytes, m, engine, ngram);
      return load(new java.io.ByteArrayInputStream(bytes.toByteArray()));
    } catch (IOException e) {
      throw new IllegalStateException("could not copy the model in memory: " + e.getMessage(), e);
    }
  }

  /**
   * One prediction per example of {@code data}, each toward its own target, after checking that
   * the model knows every label and target (as {@link #evaluate} does).
   */
  List<StancePrediction> predictAll(StanceDataset data) {
    List<String> statements = new ArrayList<>();
    int[] tg = new int[data.size()];
    data.requireLabels(labels);
    for (int i = 0; i < data.size(); i++) {
      StanceExample e = data.examples().get(i);
      try {
        tg[i] = targetIndex(e.target());
      } catch (IllegalArgumentException ex) {
        throw new StanceDataException(null, 0, data.origin(i) + ": " + ex.getMessage());
      }
      statements.add(e.statement());
    }
    ensureOpen();
    return predict(statements, tg);
  }

  static int argmax(double[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best]) {
        best = i;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------- model facts

  /** The model's labels, in the order of {@link StancePrediction#probabilities()}. */
  public List<StanceLabel> labels() {
    return labels;
  }

  /** The targets the model was trained on, sorted. */
  public List<String> targets() {
    return targets;
  }

  /** The target used by {@link #classify(String)} and {@link #classifyAll(List)}. */
  public String defaultTarget() {
    return manifest.defaultTarget;
  }

  /** What the model file records about the model. */
  public ModelInfo info() {
    return info;
  }

  /**
   * The model's token cap per statement: words and punctuation for {@link Tier#FAST}, WordPiece
   * pieces (with the two markers) for {@link Tier#ACCURATE}.
   */
  public int maxTokens() {
    return engine.maxTokens();
  }

  Engine engine() {
    return engine;
  }

  /** The fast-tier engine, for tests and the trainer. */
  ModelEngine fastEngine() {
    if (!(engine instanceof ModelEngine)) {
      throw new IllegalStateException("not a fast-tier model");
    }
    return (ModelEngine) engine;
  }

  Manifest manifest() {
    return manifest;
  }

  /**
   * Frees the native memory of the DL4J networks the classifier holds (none for a loaded CNN
   * model, which runs in Java); see "Resources" above. Afterwards classifying and saving throw
   * {@link IllegalStateException}; the model facts ({@link #labels()}, {@link #info()}, ...) stay
   * readable. Idempotent.
   */
  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "StanceClassifier{tier=" + info.tier() + ", architecture=" + info.architecture() + ", labels=" + labels
        + ", targets=" + targets + ", defaultTarget=" + manifest.defaultTarget
        + ", createdAt=" + info.createdAt() + ", library=" + info.libraryVersion() + "}";
  }
}
