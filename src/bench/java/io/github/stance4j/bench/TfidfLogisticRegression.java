package io.github.stance4j.bench;

import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceExample;
import io.github.stance4j.StanceLabel;
import io.github.stance4j.StancePrediction;
import io.github.stance4j.internal.NgramModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The linear reference: TF-IDF over word 1- and 2-grams with multinomial logistic regression, as
 * scikit-learn's {@code TfidfVectorizer(ngram_range=(1, 2))} + {@code LogisticRegression(C)} do it,
 * trained on a whole data set. It is the library's n-gram path ({@link NgramModel}) on its own.
 * Deterministic. Benchmark scope only.
 */
final class TfidfLogisticRegression {

  private final NgramModel model;
  private final List<String> targets;
  private final List<StanceLabel> labels;

  private TfidfLogisticRegression(NgramModel model, List<String> targets, List<StanceLabel> labels) {
    this.model = model;
    this.targets = targets;
    this.labels = labels;
  }

  static TfidfLogisticRegression train(StanceDataset data, double c) {
    List<String> targets = data.targets();
    List<StanceLabel> labels = data.labels();
    List<String> statements = new ArrayList<>();
    int[] tg = new int[data.size()];
    int[] lb = new int[data.size()];
    for (int i = 0; i < data.size(); i++) {
      StanceExample e = data.examples().get(i);
      statements.add(e.statement());
      tg[i] = targets.indexOf(e.target());
      lb[i] = labels.indexOf(e.label());
    }
    return new TfidfLogisticRegression(NgramModel.train(statements, tg, lb, targets.size(), labels.size(), c),
        targets, labels);
  }

  StancePrediction predict(String statement, String target) {
    int t = targets.indexOf(target);
    if (t < 0) {
      throw new IllegalArgumentException("unknown target \"" + target + "\"; known: " + targets);
    }
    return new StancePrediction(target, labels, model.probabilities(statement, t));
  }

  List<StanceLabel> labels() {
    return labels;
  }
}
