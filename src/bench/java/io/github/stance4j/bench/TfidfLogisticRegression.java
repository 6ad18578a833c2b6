package io.github.stance4j.bench;

import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceExample;
import io.github.stance4j.StanceLabel;
import io.github.stance4j.StancePrediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The linear reference: TF-IDF over word 1- and 2-grams with multinomial logistic regression, as
 * scikit-learn's {@code TfidfVectorizer(ngram_range=(1, 2))} + {@code LogisticRegression(C)} do it:
 * lower-cased tokens of two or more word characters, smoothed idf, raw term counts, rows scaled to
 * unit length, and the penalty {@code ||W||^2 / 2 + C * sum of log-losses} minimised by L-BFGS. The
 * target is one extra feature per target (weight 1). Deterministic. Benchmark scope only.
 */
final class TfidfLogisticRegression {

  private static final Pattern TOKEN = Pattern.compile("\\b\\w\\w+\\b", Pattern.UNICODE_CHARACTER_CLASS);

  private final Map<String, Integer> vocab;
  private final double[] idf;
  private final List<StanceLabel> labels;
  /** Weights, {@code [feature][label]} flattened, plus a bias per label at the end. */
  private final double[] w;

  private TfidfLogisticRegression(Map<String, Integer> vocab, double[] idf, List<StanceLabel> labels, double[] w) {
    this.vocab = vocab;
    this.idf = idf;
    this.labels = labels;
    this.w = w;
  }

  static List<String> terms(String statement, String target) {
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

  /** Sparse row: feature indices and values (TF-IDF, unit length, then the target feature). */
  private record Row(int[] idx, double[] val) {}

  private static Row row(Map<String, Integer> vocab, double[] idf, String statement, String target) {
    Map<Integer, Double> tf = new HashMap<>();
    for (String t : terms(statement, target)) {
      Integer i = vocab.get(t);
      if (i != null) {
        tf.merge(i, 1.0, Double::sum);
      }
    }
    double norm = 0;
    for (Map.Entry<Integer, Double> x : tf.entrySet()) {
      x.setValue(x.getValue() * idf[x.getKey()]);
      norm += x.getValue() * x.getValue();
    }
    norm = Math.sqrt(norm);
    Integer tg = vocab.get("__target__" + target);
    int n = tf.size() + (tg == null ? 0 : 1);
    int[] idx = new int[n];
    double[] val = new double[n];
    int k = 0;
    for (Map.Entry<Integer, Double> x : new java.util.TreeMap<>(tf).entrySet()) {
      idx[k] = x.getKey();
      val[k++] = norm == 0 ? 0 : x.getValue() / norm;
    }
    if (tg != null) {
      idx[k] = tg;
      val[k] = 1;
    }
    return new Row(idx, val);
  }

  static TfidfLogisticRegression train(StanceDataset data, double c) {
    Map<String, Integer> vocab = new HashMap<>();
    Map<String, Integer> df = new HashMap<>();
    for (StanceExample e : data.examples()) {
      for (String t : new java.util.TreeSet<>(terms(e.statement(), e.target()))) {
        df.merge(t, 1, Integer::sum);
      }
    }
    List<String> sorted = new ArrayList<>(df.keySet());
    sorted.sort(null);
    for (String t : sorted) {
      vocab.put(t, vocab.size());
    }
    int nDocs = data.size();
    double[] idf = new double[vocab.size() + data.targets().size()];
    for (String t : sorted) {
      idf[vocab.get(t)] = Math.log((1.0 + nDocs) / (1.0 + df.get(t))) + 1;
    }
    for (String t : data.targets()) {
      vocab.put("__target__" + t, vocab.size());
    }
    List<StanceLabel> labels = data.labels();
    List<Row> rows = new ArrayList<>();
    int[] y = new int[nDocs];
    for (int i = 0; i < nDocs; i++) {
      StanceExample e = data.examples().get(i);
      rows.add(row(vocab, idf, e.statement(), e.target()));
      y[i] = labels.indexOf(e.label());
    }
    int f = vocab.size();
    int k = labels.size();
    double[] w = Lbfgs.minimize(new double[f * k + k], (x, grad) -> objective(x, grad, rows, y, f, k, c), 500);
    return new TfidfLogisticRegression(vocab, idf, labels, w);
  }

  private static double objective(double[] x, double[] grad, List<Row> rows, int[] y, int f, int k, double c) {
    java.util.Arrays.fill(grad, 0);
    double loss = 0;
    double[] z = new double[k];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      scores(x, r, f, k, z);
      softmax(z);
      loss -= Math.log(z[y[i]]);
      for (int j = 0; j < k; j++) {
        double d = c * (z[j] - (j == y[i] ? 1 : 0));
        for (int n = 0; n < r.idx().length; n++) {
          grad[r.idx()[n] * k + j] += d * r.val()[n];
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

  private static void scores(double[] x, Row r, int f, int k, double[] z) {
    for (int j = 0; j < k; j++) {
      z[j] = x[f * k + j];
    }
    for (int n = 0; n < r.idx().length; n++) {
      int base = r.idx()[n] * k;
      for (int j = 0; j < k; j++) {
        z[j] += x[base + j] * r.val()[n];
      }
    }
  }

  StancePrediction predict(String statement, String target) {
    Row r = row(vocab, idf, statement, target);
    int k = labels.size();
    double[] z = new double[k];
    scores(w, r, vocab.size(), k, z);
    softmax(z);
    return new StancePrediction(target, labels, z);
  }

  /** Turns scores into probabilities, in place. */
  private static void softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < z.length; j++) {
      z[j] = Math.exp(z[j] - max);
      sum += z[j];
    }
    for (int j = 0; j < z.length; j++) {
      z[j] /= sum;
    }
  }

  List<StanceLabel> labels() {
    return labels;
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
