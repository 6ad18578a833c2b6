package io.github.stance4j;

import io.github.stance4j.internal.Targets;
import io.github.stance4j.text.CsvTable;
import io.github.stance4j.text.StanceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable list of labelled statements for training and evaluation, read from CSV files or
 * built in code.
 *
 * <h2>CSV format</h2>
 * UTF-8, RFC 4180 (see {@link CsvTable}), a header row with at least the columns
 * {@code statement}, {@code target} and {@code label} in any order; other columns are ignored.
 * Every problem is refused with a {@link StanceDataException} naming the file and line: missing
 * column, blank statement, target or label, an invalid label name, broken quoting, a wrong number
 * of fields, bytes that are not UTF-8. Exact duplicate rows, and the same statement and target with
 * two different labels, are kept but reported in {@link #warnings()} with their places, as are
 * targets that differ only in case.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StanceDataset {

  private final List<StanceExample> examples;
  private final List<String> origins;
  private final List<String> warnings;

  private StanceDataset(List<StanceExample> examples, List<String> origins) {
    this.examples = Collections.unmodifiableList(new ArrayList<>(examples));
    this.origins = Collections.unmodifiableList(new ArrayList<>(origins));
    this.warnings = Collections.unmodifiableList(findWarnings(this.examples, this.origins));
  }

  /**
   * Creates a dataset from examples built in code. Messages name its examples from 1, as
   * {@code example 1} for the first, as they name lines of files.
   *
   * @throws NullPointerException if the list or an element is null
   */
  public static StanceDataset of(List<StanceExample> examples) {
    Objects.requireNonNull(examples, "examples");
    List<String> origins = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      Objects.requireNonNull(examples.get(i), "examples[" + i + "]");
      origins.add("example " + (i + 1));
    }
    return new StanceDataset(examples, origins);
  }

  /**
   * Reads and combines CSV files, in the order given. A directory stands for the {@code *.csv} files
   * directly inside it (not in sub-directories), in name order.
   *
   * @throws NullPointerException if the list or an element is null
   * @throws IOException if a file cannot be read or does not exist
   * @throws StanceDataException if a file breaks the format, or no file was found
   */
  public static StanceDataset readCsv(List<Path> filesOrDirectories) throws IOException {
    Objects.requireNonNull(filesOrDirectories, "filesOrDirectories");
    List<Path> files = expand(filesOrDirectories);
    List<StanceExample> examples = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    for (Path file : files) {
      CsvTable table = CsvTable.read(file);
      addTable(table, examples, origins);
    }
    return new StanceDataset(examples, origins);
  }

  /** Reads and combines CSV files; see {@link #readCsv(List)}. */
  public static StanceDataset readCsv(Path... filesOrDirectories) throws IOException {
    return readCsv(List.of(filesOrDirectories));
  }

  /**
   * Reads CSV from a stream, which is read to its end and not closed.
   *
   * @param source a name for the data used in messages
   * @throws StanceDataException if the data breaks the format
   */
  public static StanceDataset readCsv(InputStream in, String source) throws IOException {
    List<StanceExample> examples = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    addTable(CsvTable.read(in, source), examples, origins);
    return new StanceDataset(examples, origins);
  }

  static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      Objects.requireNonNull(p, "path");
      if (Files.isDirectory(p)) {
        List<Path> inDir = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p, "*.csv")) {
          for (Path f : ds) {
            if (Files.isRegularFile(f)) {
              inDir.add(f);
            }
          }
        }
        if (inDir.isEmpty()) {
          throw new StanceDataException(p.toString(), 0, "directory holds no *.csv file");
        }
        Collections.sort(inDir);
        files.addAll(inDir);
      } else if (Files.exists(p)) {
        files.add(p);
      } else {
        throw new NoSuchFileException(p.toString(), null, "no such data file");
      }
    }
    if (files.isEmpty()) {
      throw new StanceDataException(null, 0, "no data files given");
    }
    return files;
  }

  private static void addTable(CsvTable table, List<StanceExample> examples, List<String> origins) {
    int s = table.requireColumn("statement");
    int t = table.requireColumn("target");
    int l = table.requireColumn("label");
    if (table.rows().isEmpty()) {
      throw new StanceDataException(table.source(), 0, "the file has a header but no rows");
    }
    for (CsvTable.Row row : table.rows()) {
      String statement = row.fields().get(s);
      String target = row.fields().get(t);
      String label = row.fields().get(l);
      if (StanceTokenizer.isBlank(statement)) {
        throw new StanceDataException(table.source(), row.line(), "blank statement");
      }
      if (StanceTokenizer.isBlank(target)) {
        throw new StanceDataException(table.source(), row.line(), "blank target");
      }
      if (StanceTokenizer.isBlank(label)) {
        throw new StanceDataException(table.source(), row.line(), "blank label");
      }
      StanceLabel parsed;
      try {
        parsed = StanceLabel.of(label);
      } catch (IllegalArgumentException e) {
        throw new StanceDataException(table.source(), row.line(), e.getMessage());
      }
      examples.add(new StanceExample(statement, target, parsed));
      origins.add(table.source() + ":" + row.line());
    }
  }

  private static List<String> findWarnings(List<StanceExample> examples, List<String> origins) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> byFoldedTarget = new HashMap<>();
    Set<String> seenTargets = new java.util.HashSet<>();
    for (int i = 0; i < examples.size(); i++) {
      String t = examples.get(i).target();
      if (!seenTargets.add(t)) {
        continue;
      }
      Integer first = byFoldedTarget.putIfAbsent(t.toLowerCase(java.util.Locale.ROOT), i);
      if (first != null) {
        out.add(origins.get(i) + ": target \"" + t + "\" differs from \"" + examples.get(first).target()
            + "\" (" + origins.get(first) + ") only in case; the model will know both, and classifying"
            + " needs the exact spelling of one");
      }
    }
    Map<StanceExample, Integer> seen = new HashMap<>();
    Map<List<String>, Integer> byText = new HashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      StanceExample e = examples.get(i);
      Integer first = seen.putIfAbsent(e, i);
      if (first != null) {
        out.add(origins.get(i) + ": duplicate of " + origins.get(first));
        continue;
      }
      List<String> key = List.of(e.statement().strip(), e.target());
      Integer other = byText.putIfAbsent(key, i);
      if (other != null && !examples.get(other).label().equals(e.label())) {
        out.add(origins.get(i) + ": same statement and target as " + origins.get(other)
            + " but label \"" + e.label() + "\" instead of \"" + examples.get(other).label() + "\"");
      }
    }
    return out;
  }

  /** The examples, in order; unmodifiable. */
  public List<StanceExample> examples() {
    return examples;
  }

  /**
   * Where example {@code i} (0-based) came from: {@code file:line}, or {@code example n} for data
   * built in code, where {@code n = i + 1} counts from 1 as lines do.
   */
  public String origin(int i) {
    return origins.get(i);
  }

  /** Number of examples. */
  public int size() {
    return examples.size();
  }

  /** The distinct labels, sorted by name. */
  public List<StanceLabel> labels() {
    Set<StanceLabel> s = new TreeSet<>();
    for (StanceExample e : examples) {
      s.add(e.label());
    }
    return List.copyOf(s);
  }

  /** The distinct targets, sorted. */
  public List<String> targets() {
    Set<String> s = new TreeSet<>();
    for (StanceExample e : examples) {
      s.add(e.target());
    }
    return List.copyOf(s);
  }

  /** Number of examples per target and label, sorted. */
  public Map<String, Map<StanceLabel, Integer>> counts() {
    Map<String, Map<StanceLabel, Integer>> m = new TreeMap<>();
    for (StanceExample e : examples) {
      m.computeIfAbsent(e.target(), k -> new TreeMap<>()).merge(e.label(), 1, Integer::sum);
    }
    return m;
  }

  /**
   * Problems that do not stop training: targets that differ only in case, exact duplicate rows and
   * conflicting labels for the same statement and target, each naming the places involved;
   * unmodifiable.
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Checks that every label is in {@code allowed}, for data that must match a fixed label set (a
   * model to continue training or to evaluate, or a label set given by the user).
   *
   * @return this dataset
   * @throws StanceDataException naming the place of the first example whose label is not allowed,
   *     its label and the allowed labels
   */
  public StanceDataset requireLabels(java.util.Collection<StanceLabel> allowed) {
    return require(StanceExample::label, allowed, "label", "is not in the label set",
        "; fix the label or train a new model");
  }

  /**
   * Checks that every target names one of {@code allowed} as a classifier matches targets: exactly,
   * or else ignoring case when only one target matches that way (see
   * {@link StanceClassifier#resolveTarget(String)}).
   *
   * @return this dataset
   * @throws StanceDataException naming the place of the first example whose target is not allowed,
   *     the closest allowed target when one is close, and the allowed targets
   */
  public StanceDataset requireTargets(java.util.Collection<String> allowed) {
    mapTargets(List.copyOf(allowed), "the allowed targets are");
    return this;
  }

  /**
   * This dataset with each target replaced by the one of {@code known} it names (see
   * {@link #requireTargets}); origins are kept.
   */
  StanceDataset mapTargets(List<String> known, String knownAre) {
    List<StanceExample> ex = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      StanceExample e = examples.get(i);
      String t;
      try {
        t = Targets.resolve(e.target(), known, knownAre);
      } catch (IllegalArgumentException x) {
        throw new StanceDataException(null, 0, origins.get(i) + ": " + x.getMessage());
      }
      ex.add(t.equals(e.target()) ? e : new StanceExample(e.statement(), t, e.label()));
    }
    return new StanceDataset(ex, origins);
  }

  private <T> StanceDataset require(java.util.function.Function<StanceExample, T> field,
      java.util.Collection<T> allowed, String what, String problem, String hint) {
    Objects.requireNonNull(allowed, "allowed");
    for (int i = 0; i < examples.size(); i++) {
      T v = field.apply(examples.get(i));
      if (!allowed.contains(v)) {
        throw new StanceDataException(null, 0, origins.get(i) + ": " + what + " \"" + v + "\" "
            + problem + " " + allowed + hint);
      }
    }
    return this;
  }

  /** The examples about {@code target}, as a new dataset. */
  public StanceDataset forTarget(String target) {
    Objects.requireNonNull(target, "target");
    return select(i -> examples.get(i).target().equals(target.strip()));
  }

  /**
   * The examples that {@code keep} accepts, in order, as a new dataset that keeps their origins
   * ({@link #origin(int)}).
   *
   * @throws NullPointerException if {@code keep} is null
   */
  public StanceDataset filter(java.util.function.Predicate<StanceExample> keep) {
    Objects.requireNonNull(keep, "keep");
    return select(i -> keep.test(examples.get(i)));
  }

  /** A dataset of the examples at the given indices, keeping their origins. */
  StanceDataset subset(List<Integer> indices) {
    List<StanceExample> ex = new ArrayList<>(indices.size());
    List<String> or = new ArrayList<>(indices.size());
    for (int i : indices) {
      ex.add(examples.get(i));
      or.add(origins.get(i));
    }
    return new StanceDataset(ex, or);
  }

  private StanceDataset select(java.util.function.IntPredicate keep) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      if (keep.test(i)) {
        idx.add(i);
      }
    }
    return subset(idx);
  }

  /** This dataset followed by {@code other}. */
  public StanceDataset concat(StanceDataset other) {
    List<StanceExample> ex = new ArrayList<>(examples);
    ex.addAll(other.examples);
    List<String> or = new ArrayList<>(origins);
    or.addAll(other.origins);
    return new StanceDataset(ex, or);
  }

  /**
   * SHA-256 over the examples (statement, target and label of each, in order), in hex. It does not
   * depend on file names, column order, extra columns, quoting or line endings.
   */
  public String sha256() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (StanceExample e : examples) {
        md.update(e.statement().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(e.target().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(e.label().name().getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts per label, in label order. */
  Map<StanceLabel, Integer> labelCounts() {
    Map<StanceLabel, Integer> m = new LinkedHashMap<>();
    for (StanceLabel l : labels()) {
      m.put(l, 0);
    }
    for (StanceExample e : examples) {
      m.merge(e.label(), 1, Integer::sum);
    }
    return m;
  }

  @Override
  public String toString() {
    return "StanceDataset{size=" + size() + ", counts=" + counts() + "}";
  }
}
