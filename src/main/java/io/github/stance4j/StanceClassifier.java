package io.github.stance4j;

import io.github.stance4j.internal.AtomicFiles;
import io.github.stance4j.internal.Engine;
import io.github.stance4j.internal.Manifest;
import io.github.stance4j.internal.ModelEngine;
import io.github.stance4j.internal.ModelFile;
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
 * System.out.println(p.label() + " " + p.confidence()); // opposition 0.9995
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
 *       {@link #info()}, 128 for the bundled model) are classified on their first tokens only.</li>
 *   <li><b>Targets.</b> A target the model was not trained on is an {@link IllegalArgumentException}
 *       that lists the targets it knows. Targets are compared after trimming, case-sensitively.</li>
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

  /** Classpath location of the bundled model (the {@link Tier#FAST} tier). */
  public static final String DEFAULT_MODEL_RESOURCE = "/io/github/stance4j/stance4j-default.zip";
  /** Classpath location of the bundled {@link Tier#ACCURATE} model. */
  public static final String ACCURATE_MODEL_RESOURCE = "/io/github/stance4j/stance4j-accurate.zip";

  private final Engine engine;
  private final Manifest manifest;
  private final List<StanceLabel> labels;
  private final List<String> targets;
  private final Map<String, Integer> targetIndex;
  private final ModelInfo info;

  StanceClassifier(Engine engine, Manifest manifest) {
    this.engine = engine;
    this.manifest = manifest;
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
    return new ModelInfo(m.formatVersion, String.valueOf(m.libraryVersion), created, m.architecture,
        Manifest.TIER_ACCURATE.equals(m.tier) ? Tier.ACCURATE : Tier.FAST, labels, List.copyOf(m.targets), m.defaultTarget,
        m.trainingConfig == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m.trainingConfig)),
        sha == null ? "" : sha.toString(), n instanceof Number ? ((Number) n).longValue() : 0,
        w instanceof Number ? ((Number) w).longValue() : 0,
        m.vocabularySize, m.paramCount,
        m.metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m.metrics)),
        m.provenance == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m.provenance)),
        Collections.unmodifiableMap(encoder));
  }

  // ---------------------------------------------------------------- loading and saving

  /**
   * Loads the model bundled in the stance4j jar, the {@link Tier#FAST} tier: labels
   * {@code support}, {@code opposition}, {@code conditional}; targets {@code NATO enlargement}
   * (the default), {@code military aid to Ukraine} and {@code European peacekeepers in Ukraine}.
   * It is the default because it measured more accurate than the {@link Tier#ACCURATE} tier
   * (README, "Tiers"). Each call loads a new instance (about 0.3 s in a fresh JVM on 2 cores);
   * keep and share one.
   *
   * @throws IllegalStateException if the bundled model is missing or unreadable (a broken jar)
   */
  public static StanceClassifier loadDefault() {
    return loadDefault(Tier.FAST);
  }

  /**
   * Loads the bundled model of a tier. Both have the same labels and targets. {@link Tier#ACCURATE}
   * needs the optional encoder dependencies on the classpath (README, "Tiers"); the first accurate
   * model in a JVM also loads the encoder (a few seconds).
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
   * Loads a model file written by {@link #save(Path)}. An accurate-tier model is refused with a
   * {@link ModelFormatException} unless the encoder on the classpath is the one it was trained on
   * (same SHA-256).
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
      throw new NoSuchFileException(file.toString(), null, "model file does not exist");
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
      return new StanceClassifier(c.engine(), c.manifest());
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(name + ": manifest: " + e.getMessage(), e);
    }
  }

  /**
   * Saves the model. The file is written to a temporary file in the same directory, flushed to
   * disk, then moved over {@code file} in one step, so a crash or error never leaves a
   * half-written file where a good model was.
   *
   * @throws IOException if the file cannot be written; an existing file is then left unchanged
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
    ModelFile.write(out, manifest, engine);
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
    if (statement.isBlank()) {
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
      if (s.isBlank()) {
        throw new IllegalArgumentException("statements[" + i + "] is blank");
      }
      checked.add(s);
    }
    return predict(checked, t);
  }

  private List<StancePrediction> predict(List<String> statements, int target) {
    int[] tg = new int[statements.size()];
    java.util.Arrays.fill(tg, target);
    double[][] p;
    try {
      p = engine.classify(statements, tg);
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("classification failed inside the network: " + e, e);
    }
    String name = targets.get(target);
    List<StancePrediction> out = new ArrayList<>(p.length);
    for (double[] row : p) {
      out.add(new StancePrediction(name, labels, row));
    }
    return Collections.unmodifiableList(out);
  }

  private int targetIndex(String target) {
    Objects.requireNonNull(target, "target");
    Integer i = targetIndex.get(target.strip());
    if (i == null) {
      throw new IllegalArgumentException("unknown target \"" + target + "\"; this model knows " + targets);
    }
    return i;
  }

  private void ensureOpen() {
    if (engine.isClosed()) {
      throw new IllegalStateException("this StanceClassifier is closed");
    }
  }

  /**
   * Classifies every example of {@code data} toward its own target and compares with its label.
   *
   * @throws DataFormatException if the data holds a target or label the model does not know (the
   *     message names the file and line)
   */
  public Evaluation evaluate(StanceDataset data) {
    Objects.requireNonNull(data, "data");
    List<StanceLabel> gold = new ArrayList<>();
    List<String> statements = new ArrayList<>();
    int[] tg = new int[data.size()];
    data.requireLabels(labels).requireTargets(targets);
    for (int i = 0; i < data.size(); i++) {
      StanceExample e = data.examples().get(i);
      tg[i] = targetIndex(e.target());
      gold.add(e.label());
      statements.add(e.statement());
    }
    ensureOpen();
    double[][] p = engine.classify(statements, tg);
    List<StanceLabel> pred = new ArrayList<>();
    for (double[] row : p) {
      pred.add(labels.get(argmax(row)));
    }
    return Evaluation.of(labels, gold, pred);
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
