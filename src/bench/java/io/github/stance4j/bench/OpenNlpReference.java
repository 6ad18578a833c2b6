package io.github.stance4j.bench;

import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceExample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.tokenize.SimpleTokenizer;
import opennlp.tools.util.CollectionObjectStream;
import opennlp.tools.util.TrainingParameters;

/**
 * The reference peer: OpenNLP's maximum-entropy DocumentCategorizerME with bag-of-words and bigram
 * features, trained on the same {@code training-data/}. The target is given to it as an extra
 * token, as stance4j gives it to its network. Benchmark scope only.
 */
final class OpenNlpReference {

  private OpenNlpReference() {}

  static String[] tokens(String statement, String target) {
    String[] t = SimpleTokenizer.INSTANCE.tokenize(statement.toLowerCase(Locale.ROOT));
    String[] out = new String[t.length + 1];
    out[0] = "__target_" + target.replace(' ', '_');
    System.arraycopy(t, 0, out, 1, t.length);
    return out;
  }

  static DoccatModel train(StanceDataset data) {
    List<DocumentSample> samples = new ArrayList<>();
    for (StanceExample e : data.examples()) {
      samples.add(new DocumentSample(e.label().name(), tokens(e.statement(), e.target())));
    }
    TrainingParameters p = TrainingParameters.defaultParams();
    p.put(TrainingParameters.CUTOFF_PARAM, 1);
    p.put(TrainingParameters.ITERATIONS_PARAM, 100);
    try {
      DoccatFactory f = new DoccatFactory(new FeatureGenerator[] {
          new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)});
      return DocumentCategorizerME.train("en", new CollectionObjectStream<>(samples), p, f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] serialize(DoccatModel m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      m.serialize(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static DoccatModel read(byte[] bytes) {
    try {
      return new DoccatModel(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Label of the best category, for accuracy checks. */
  static String classify(DocumentCategorizerME c, String statement, String target) {
    return c.getBestCategory(c.categorize(tokens(statement, target)));
  }
}
