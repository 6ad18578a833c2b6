package io.github.stance4j.internal;

import io.github.stance4j.text.StanceTokenizer;
import io.github.stance4j.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Starting word vectors for the fast tier ({@code TrainingConfig.pretrainedEmbeddings}): every word
 * of a {@link Vocabulary} gets the mean of all-MiniLM-L6-v2's input embeddings of its WordPiece
 * pieces, and these 384-dimensional vectors are reduced to the network's embedding size by
 * principal components (the top eigenvectors of their covariance), then scaled so that the mean
 * row norm is 1. {@link #extend} adds the encoder's whole-word WordPiece entries to a vocabulary,
 * so that words absent from the training data still have a vector near their neighbours'.
 *
 * <p>Deterministic: the same vocabulary and encoder give the same vectors, bit for bit (plain Java
 * arithmetic in a fixed order; Jacobi rotations for the eigenvectors). Stateless and thread-safe.
 * Internal.
 */
public final class PretrainedEmbeddings {

  /** Sweeps of the Jacobi eigenvalue method; it converges in fewer on 384 x 384 covariances. */
  private static final int MAX_SWEEPS = 50;

  private PretrainedEmbeddings() {}

  /**
   * {@code base} followed by every whole-word entry of {@code wordPiece} (no {@code ##} prefix, not
   * a bracketed special token) that {@code tokenizer} reads as exactly that one token and that
   * {@code base} does not hold, in WordPiece id order. Ids of {@code base}'s words do not change.
   */
  public static Vocabulary extend(Vocabulary base, WordPieceTokenizer wordPiece, StanceTokenizer tokenizer) {
    Objects.requireNonNull(base, "base");
    Set<String> words = new LinkedHashSet<>(base.words());
    for (int id = 0; id < wordPiece.vocabularySize(); id++) {
      String t = wordPiece.token(id);
      if (t.startsWith("##") || (t.startsWith("[") && t.endsWith("]"))) {
        continue;
      }
      List<String> read = tokenizer.tokenize(t);
      if (read.size() == 1 && read.get(0).equals(t)) {
        words.add(t);
      }
    }
    return Vocabulary.fromLines(new ArrayList<>(words));
  }

  /**
   * The starting vectors of {@code vocab}'s words, {@code [vocab.size()][dims]}: the padding marker
   * gets zeros, the unknown-word marker the encoder's {@code [UNK]} vector, the number marker the
   * vector of "number", every other word the mean of its pieces' vectors; then principal components
   * and scaling as the class describes.
   *
   * @param table the encoder's input embeddings, {@code [wordPiece.vocabularySize(), hidden]}
   *     row-major
   * @throws IllegalArgumentException if {@code dims} is not between 1 and {@code hidden}, or the table
   *     does not fit the WordPiece vocabulary
   */
  public static float[][] vectors(Vocabulary vocab, WordPieceTokenizer wordPiece, float[] table, int dims) {
    int rows = wordPiece.vocabularySize();
    if (table.length == 0 || table.length % rows != 0) {
      throw new IllegalArgumentException("the embedding table holds " + table.length + " values, not a multiple of the "
          + rows + " WordPiece entries");
    }
    int hidden = table.length / rows;
    if (dims < 1 || dims > hidden) {
      throw new IllegalArgumentException("dims must be between 1 and " + hidden + ", was " + dims);
    }
    List<String> words = vocab.words();
    double[][] x = new double[words.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = wordVector(words.get(i), wordPiece, table, hidden);
    }
    double[] mean = new double[hidden];
    for (double[] r : x) {
      for (int d = 0; d < hidden; d++) {
        mean[d] += r[d] / x.length;
      }
    }
    double[][] cov = new double[hidden][hidden];
    double[] c = new double[hidden];
    for (double[] r : x) {
      for (int d = 0; d < hidden; d++) {
        c[d] = r[d] - mean[d];
      }
      for (int a = 0; a < hidden; a++) {
        double ca = c[a];
        double[] row = cov[a];
        for (int b = a; b < hidden; b++) {
          row[b] += ca * c[b];
        }
      }
    }
    for (int a = 0; a < hidden; a++) {
      for (int b = a; b < hidden; b++) {
        cov[a][b] /= x.length;
        cov[b][a] = cov[a][b];
      }
    }
    double[][] basis = topEigenvectors(cov, dims);
    float[][] out = new float[x.length][dims];
    double norms = 0;
    double[][] y = new double[x.length][dims];
    for (int i = 0; i < x.length; i++) {
      if (words.get(i).equals(Vocabulary.PAD)) {
        continue;
      }
      double n = 0;
      for (int k = 0; k < dims; k++) {
        double s = 0;
        for (int d = 0; d < hidden; d++) {
          s += (x[i][d] - mean[d]) * basis[k][d];
        }
        y[i][k] = s;
        n += s * s;
      }
      norms += Math.sqrt(n);
    }
    double scale = norms > 0 ? (x.length - 1) / norms : 1;
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < dims; k++) {
        out[i][k] = (float) (y[i][k] * scale);
      }
    }
    return out;
  }

  private static double[] wordVector(String word, WordPieceTokenizer wp, float[] table, int hidden) {
    double[] v = new double[hidden];
    if (word.equals(Vocabulary.PAD)) {
      return v;
    }
    int[] ids;
    if (word.equals(Vocabulary.UNK)) {
      ids = new int[] {wp.unkId()};
    } else {
      String text = word.equals(StanceTokenizer.NUMBER) ? "number" : word;
      int[] enc = wp.encode(text, 64).ids();
      ids = enc.length > 2 ? java.util.Arrays.copyOfRange(enc, 1, enc.length - 1) : new int[] {wp.unkId()};
    }
    for (int id : ids) {
      for (int d = 0; d < hidden; d++) {
        v[d] += table[id * hidden + d];
      }
    }
    for (int d = 0; d < hidden; d++) {
      v[d] /= ids.length;
    }
    return v;
  }

  /**
   * The {@code k} eigenvectors of the symmetric matrix {@code a} with the largest eigenvalues, as
   * rows, largest first, each with its largest-magnitude component positive (cyclic Jacobi).
   */
  static double[][] topEigenvectors(double[][] a, int k) {
    int n = a.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double diag = 0;
      for (int p = 0; p < n; p++) {
        diag += m[p][p] * m[p][p];
        for (int q = p + 1; q < n; q++) {
          off += m[p][q] * m[p][q];
        }
      }
      if (off <= 1e-22 * diag) {
        break;
      }
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = m[p][q];
          if (Math.abs(apq) < 1e-300) {
            continue;
          }
          double theta = (m[q][q] - m[p][p]) / (2 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double cs = 1 / Math.sqrt(t * t + 1);
          double sn = t * cs;
          for (int r = 0; r < n; r++) {
            double mrp = m[r][p];
            double mrq = m[r][q];
            m[r][p] = cs * mrp - sn * mrq;
            m[r][q] = sn * mrp + cs * mrq;
          }
          for (int r = 0; r < n; r++) {
            double mpr = m[p][r];
            double mqr = m[q][r];
            m[p][r] = cs * mpr - sn * mqr;
            m[q][r] = sn * mpr + cs * mqr;
          }
          for (int r = 0; r < n; r++) {
            double vrp = v[r][p];
            double vrq = v[r][q];
            v[r][p] = cs * vrp - sn * vrq;
            v[r][q] = sn * vrp + cs * vrq;
          }
        }
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (i, j) -> Double.compare(m[j][j], m[i][i]));
    double[][] out = new double[k][n];
    for (int e = 0; e < k; e++) {
      int col = order[e];
      int arg = 0;
      for (int r = 0; r < n; r++) {
        out[e][r] = v[r][col];
        if (Math.abs(out[e][r]) > Math.abs(out[e][arg])) {
          arg = r;
        }
      }
      if (out[e][arg] < 0) {
        for (int r = 0; r < n; r++) {
          out[e][r] = -out[e][r];
        }
      }
    }
    return out;
  }
}
