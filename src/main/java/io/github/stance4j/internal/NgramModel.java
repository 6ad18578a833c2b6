package io.github.stance4j.internal;

import io.github.stance4j.ModelFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The n-gram path: TF-IDF over word 1- and 2-grams with multinomial logistic regression, as
 * scikit-learn's {@code TfidfVectorizer(ngram_range=(1, 2))} + {@code LogisticRegression(C)} do it:
 * lower-cased tokens of two or more word characters, smoothed idf, raw term counts, rows scaled to
 * unit length, one extra feature per target (value 1), and the penalty
 * {@code ||W||^2 / 2 + C * sum of log-losses} minimised by L-BFGS. A classifier whose model has
 * one combines its network's probabilities with these by {@link #blend}.
 *
 * <p>Training is deterministic (no random choice). Immutable and thread-safe once built. Internal.
 */
public final class NgramModel {

  /** Model-file entry name. */
  public static final String ENTRY = "ngrams.bin";
  private static final int MAGIC = 0x53344A4E; // "S4JN"
  private static final int VERSION = 1;
  private static final Pattern TOKEN = Pattern.compile("\\b\\w\\w+\\b", Pattern.UNICODE_CHARACTER_CLASS);
  /** L-BFGS iteration cap; on the bundled corpus it converges in about 200. */
  private static final int MAX_ITERATIONS = 500;

  private final String[] terms;
  private final Map<String, Integer> index;
  private final float[] idf;
  private final int targets;
  private final int labels;
  /**
   * {@code [feature][label]} flattened (terms, then one feature per target), then a bias per label;
   * float32 values (as stored) held as doubles.
   */
  private final double[] w;

  private NgramModel(String[] terms, float[] idf, int targets, int labels, double[] w) {
    this.terms = terms;
    this.idf = idf;
    this.targets = targets;
    this.labels = labels;
    this.w = w;
    this.index = new HashMap<>(terms.length * 2);
    for (int i = 0; i < terms.length; i++) {
      index.put(terms[i], i);
    }
  }

  /** The statement's features: its lower-cased words of two or more characters and their bigrams. */
  static List<String> terms(String statement) {
    List<String> toks = new ArrayList<>();
    Matcher m = TOKEN.matcher(statement.toLowerCase(Locale.ROOT));
    while (m.find()) {
      toks.add(m.group());
    }
    List<String> out = new ArrayList<>(toks);
    for (int i = 0; i + 1 < toks.size(); i++) {
      out.add(toks.get(i) + " " + toks.get(i + 1));
    }
    return out;
  }

  /** Sparse row: feature indices (ascending, the target feature last) and values. */
  record Row(int[] idx, double[] val) {}

  private static Row row(Map<String, Integer> index, float[] idf, int nTerms, String statement, int target) {
    // The known terms' indices, sorted, then counted run by run: the same ascending order and the
    // same sums as a sorted map of counts, without boxing (this runs on every classify call).
    List<String> terms = terms(statement);
    int[] hits = new int[terms.size()];
    int h = 0;
    for (String t : terms) {
      Integer i = index.get(t);
      if (i != null) {
        hits[h++] = i;
      }
    }
    Arrays.sort(hits, 0, h);
    int[] idx = new int[h + 1];
    double[] val = new double[h + 1];
    int distinct = 0;
    for (int q = 0; q < h; q++) {
      if (distinct == 0 || idx[distinct - 1] != hits[q]) {
        idx[distinct++] = hits[q];
      }
      val[distinct - 1] += 1.0;
    }
    double norm = 0;
    for (int q = 0; q < distinct; q++) {
      val[q] = val[q] * idf[idx[q]];
      norm += val[q] * val[q];
    }
    norm = Math.sqrt(norm);
    for (int q = 0; q < distinct; q++) {
      val[q] = norm == 0 ? 0 : val[q] / norm;
    }
    idx[distinct] = nTerms + target;
    val[distinct] = 1;
    return new Row(Arrays.copyOf(idx, distinct + 1), Arrays.copyOf(val, distinct + 1));
  }

  /**
   * Trains on {@code statements} (not blank) with their target and label indices.
   *
   * @param c inverse regularisation strength, {@code > 0}
   * @throws IllegalArgumentException if the arrays differ in length, are empty, or an index is out
   *     of range
   */
  public static NgramModel train(List<String> statements, int[] target, int[] label, int targets, int labels,
      double c) {
    int n = statements.size();
    if (n == 0 || target.length != n || label.length != n) {
      throw new IllegalArgumentException("need as many targets and labels as statements (" + n + "), got "
          + target.length + " and " + label.length);
    }
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException("C must be positive and finite, was " + c);
    }
    Map<String, Integer> df = new HashMap<>();
    for (String s : statements) {
      for (String t : new TreeSet<>(terms(s))) {
        df.merge(t, 1, Integer::sum);
      }
    }
    String[] sorted = df.keySet().toArray(new String[0]);
    Arrays.sort(sorted);
    Map<String, Integer> index = new HashMap<>(sorted.length * 2);
    float[] idf = new float[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      index.put(sorted[i], i);
      idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df.get(sorted[i]))) + 1);
    }
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (target[i] < 0 || target[i] >= targets || label[i] < 0 || label[i] >= labels) {
        throw new IllegalArgumentException("row " + i + ": target " + target[i] + " or label " + label[i]
            + " out of range (" + targets + " targets, " + labels + " labels)");
      }
      rows.add(row(index, idf, sorted.length, statements.get(i), target[i]));
    }
    int f = sorted.length + targets;
    int k = labels;
    double[] x = Lbfgs.minimize(new double[f * k + k], (p, g) -> objective(p, g, rows, label, f, k, c),
        MAX_ITERATIONS);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) x[i];
    }
    return new NgramModel(sorted, idf, targets, labels, x);
  }

  /** Rows of dense feature vectors (zeros skipped), for tests of {@link #objective}. */
  static List<Row> denseRows(List<double[]> dense) {
    List<Row> out = new ArrayList<>();
    for (double[] d : dense) {
      int n = (int) Arrays.stream(d).filter(v -> v != 0).count();
      int[] idx = new int[n];
      double[] val = new double[n];
      int k = 0;
      for (int i = 0; i < d.length; i++) {
        if (d[i] != 0) {
          idx[k] = i;
          val[k++] = d[i];
        }
      }
      out.add(new Row(idx, val));
    }
    return out;
  }

  /**
   * Trains as {@link #train} does and returns the gradient of the penalised loss at the stored
   * (float32) weights, for tests that the optimiser reached the minimum.
   */
  static double[] gradientAtSolution(List<String> statements, int[] target, int[] label, int targets, int labels,
      double c) {
    NgramModel m = train(statements, target, label, targets, labels, c);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      rows.add(row(m.index, m.idf, m.terms.length, statements.get(i), target[i]));
    }
    double[] g = new double[m.w.length];
    objective(m.w.clone(), g, rows, label, m.terms.length + targets, labels, c);
    return g;
  }

  /** The penalised loss at {@code x}, with its gradient written to {@code grad}. */
  static double objective(double[] x, double[] grad, List<Row> rows, int[] y, int f, int k, double c) {
    Arrays.fill(grad, 0);
    double loss = 0;
    double[] z = new double[k];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      scores(x, r, f, k, z);
      Temperature.softmax(z);
      loss -= Math.log(z[y[i]]);
      for (int j = 0; j < k; j++) {
        double d = c * (z[j] - (j == y[i] ? 1 : 0));
        for (int q = 0; q < r.idx().length; q++) {
          grad[r.idx()[q] * k + j] += d * r.val()[q];
        }
        grad[f * k + j] += d;
      }
    }
    loss *= c;
    for (int i = 0; i < f * k; i++) {
      loss += 0.5 * x[i] * x[i];
      grad[i] += x[i];
    }
    return loss;
  }

  /** Probabilities per label (the training label order) of {@code statement} toward target index {@code target}. */
  public double[] probabilities(String statement, int target) {
    if (target < 0 || target >= targets) {
      throw new IllegalArgumentException("target index " + target + " out of range (" + targets + " targets)");
    }
    double[] z = new double[labels];
    scores(w, row(index, idf, terms.length, statement, target), terms.length + targets, labels, z);
    Temperature.softmax(z);
    return z;
  }

  /** The {@code k} label scores of row {@code r} under weights {@code x} ({@code f} features), into {@code z}. */
  private static void scores(double[] x, Row r, int f, int k, double[] z) {
    for (int j = 0; j < k; j++) {
      z[j] = x[f * k + j];
    }
    for (int q = 0; q < r.idx().length; q++) {
      int base = r.idx()[q] * k;
      for (int j = 0; j < k; j++) {
        z[j] += x[base + j] * r.val()[q];
      }
    }
  }

  /**
   * The weighted geometric mean of two probability rows, normalised:
   * {@code p ∝ net^(1-weight) * ngram^weight}, computed in log space (each probability floored at
   * 1e-12 so that a zero does not veto a label).
   */
  public static double[] blend(double[] net, double[] ngram, double weight) {
    double[] z = new double[net.length];
    for (int j = 0; j < z.length; j++) {
      z[j] = (1 - weight) * Math.log(Math.max(Temperature.FLOOR, net[j]))
          + weight * Math.log(Math.max(Temperature.FLOOR, ngram[j]));
    }
    Temperature.softmax(z);
    return z;
  }

  /** Number of distinct n-grams (features other than the targets). */
  public int features() {
    return terms.length;
  }

  /** Number of targets. */
  public int targets() {
    return targets;
  }

  /** Number of labels. */
  public int labels() {
    return labels;
  }

  /** The model as bytes for {@link #ENTRY}: magic, version, sizes, the n-grams (UTF), idf, then weights (float32). */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(terms.length);
      out.writeInt(targets);
      out.writeInt(labels);
      for (String t : terms) {
        out.writeUTF(t);
      }
      for (float v : idf) {
        out.writeFloat(v);
      }
      for (double v : w) {
        out.writeFloat((float) v);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads {@link #toBytes()}; {@code targets} and {@code labels} are what the manifest says.
   *
   * @throws ModelFormatException naming the file if the entry is truncated, has another magic or
   *     version, or its sizes disagree with the manifest
   */
  public static NgramModel fromBytes(byte[] b, String name, int targets, int labels) throws ModelFormatException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      if (in.readInt() != MAGIC) {
        throw new ModelFormatException(name + ": " + ENTRY + " is not an n-gram model (bad magic number)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new ModelFormatException(name + ": " + ENTRY + " has version " + version + "; this library reads "
            + VERSION);
      }
      int n = in.readInt();
      int t = in.readInt();
      int l = in.readInt();
      if (t != targets || l != labels) {
        throw new ModelFormatException(name + ": " + ENTRY + " has " + t + " targets and " + l
            + " labels; the manifest has " + targets + " and " + labels);
      }
      if (n < 0 || (long) (n + t + 1) * l + n > b.length) {
        throw new ModelFormatException(name + ": " + ENTRY + " claims " + n + " n-grams, more than its "
            + b.length + " bytes hold");
      }
      String[] terms = new String[n];
      for (int i = 0; i < n; i++) {
        terms[i] = in.readUTF();
      }
      float[] idf = new float[n];
      for (int i = 0; i < n; i++) {
        idf[i] = in.readFloat();
      }
      double[] w = new double[(n + t) * l + l];
      for (int i = 0; i < w.length; i++) {
        w[i] = in.readFloat();
      }
      if (in.read() != -1) {
        throw new ModelFormatException(name + ": " + ENTRY + " has bytes after its last weight");
      }
      return new NgramModel(terms, idf, t, l, w);
    } catch (java.io.EOFException e) {
      throw new ModelFormatException(name + ": " + ENTRY + " is truncated", e);
    } catch (ModelFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new ModelFormatException(name + ": " + ENTRY + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Limited-memory BFGS with a backtracking (Armijo) line search. */
  static final class Lbfgs {
    interface Fn {
      double value(double[] x, double[] grad);
    }

    static double[] minimize(double[] x, Fn fn, int maxIter) {
      int m = 10;
      int n = x.length;
      double[][] s = new double[m][];
      double[][] yv = new double[m][];
      double[] rho = new double[m];
      double[] g = new double[n];
      double fx = fn.value(x, g);
      int stored = 0;
      int head = 0;
      double[] d = new double[n];
      double[] alpha = new double[m];
      for (int it = 0; it < maxIter; it++) {
        double gnorm = Math.sqrt(dot(g, g));
        if (gnorm < 1e-5 * Math.max(1, Math.sqrt(dot(x, x)))) {
          break;
        }
        System.arraycopy(g, 0, d, 0, n);
        for (int i = 0; i < stored; i++) {
          int j = Math.floorMod(head - 1 - i, m);
          alpha[j] = rho[j] * dot(s[j], d);
          axpy(-alpha[j], yv[j], d);
        }
        if (stored > 0) {
          int j = Math.floorMod(head - 1, m);
          double gamma = dot(s[j], yv[j]) / dot(yv[j], yv[j]);
          for (int i = 0; i < n; i++) {
            d[i] *= gamma;
          }
        } else {
          for (int i = 0; i < n; i++) {
            d[i] /= gnorm;
          }
        }
        for (int i = stored - 1; i >= 0; i--) {
          int j = Math.floorMod(head - 1 - i, m);
          double beta = rho[j] * dot(yv[j], d);
          axpy(alpha[j] - beta, s[j], d);
        }
        for (int i = 0; i < n; i++) {
          d[i] = -d[i];
        }
        double dg = dot(d, g);
        if (dg >= 0) {
          for (int i = 0; i < n; i++) {
            d[i] = -g[i];
          }
          dg = dot(d, g);
          stored = 0;
        }
        double step = 1;
        double[] xn = new double[n];
        double[] gn = new double[n];
        double fn2;
        while (true) {
          for (int i = 0; i < n; i++) {
            xn[i] = x[i] + step * d[i];
          }
          fn2 = fn.value(xn, gn);
          if (fn2 <= fx + 1e-4 * step * dg || step < 1e-10) {
            break;
          }
          step *= 0.5;
        }
        double[] sv = new double[n];
        double[] yy = new double[n];
        for (int i = 0; i < n; i++) {
          sv[i] = xn[i] - x[i];
          yy[i] = gn[i] - g[i];
        }
        double sy = dot(sv, yy);
        boolean converged = Math.abs(fx - fn2) < 1e-9 * Math.max(1, Math.abs(fx));
        x = xn;
        g = gn;
        fx = fn2;
        if (sy > 1e-10) {
          s[head] = sv;
          yv[head] = yy;
          rho[head] = 1 / sy;
          head = (head + 1) % m;
          stored = Math.min(m, stored + 1);
        }
        if (converged) {
          break;
        }
      }
      return x;
    }

    private static double dot(double[] a, double[] b) {
      double s = 0;
      for (int i = 0; i < a.length; i++) {
        s += a[i] * b[i];
      }
      return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
      for (int i = 0; i < x.length; i++) {
        y[i] += a * x[i];
      }
    }
  }
}
