package io.github.stance4j.internal;

import io.github.stance4j.TrainingConfig;
import java.util.ArrayList;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J network configurations for {@link TrainingConfig.Architecture}. Inputs:
 * {@code tokens} (word indices, shape [batch, time], with a feature mask) and {@code target} (one-hot,
 * shape [batch, targets]); output {@code out}: softmax over labels. Internal.
 */
public final class Networks {

  public static final String TOKENS = "tokens";
  public static final String TARGET = "target";
  public static final String OUT = "out";
  /** The word-vector layer of the fast tier's networks. */
  public static final String EMBEDDING = "embedding";
  /** Input of the accurate tier's head: the encoder's mean token output, [batch, 384]. */
  public static final String SENTENCE = "sentence";
  static final int[] CNN_WIDTHS = {2, 3, 5};

  private Networks() {}

  private static <T extends org.deeplearning4j.nn.conf.layers.Layer.Builder<T>> T dropout(T b, double retain) {
    return retain < 1.0 ? b.dropOut(retain) : b;
  }

  /**
   * The accurate tier's head ({@code Architecture.MINILM}): inputs {@code sentence} (the
   * encoder's mean token output, [batch, sentenceSize]) and {@code target} (one-hot), joined,
   * then a ReLU hidden layer and a softmax output {@code out}.
   */
  public static ComputationGraphConfiguration buildHead(TrainingConfig c, int sentenceSize,
      int targets, int labels) {
    ComputationGraphConfiguration.GraphBuilder g = graph(c)
        .addInputs(SENTENCE, TARGET)
        .addVertex("features", new MergeVertex(), SENTENCE, TARGET);
    return head(g, c, sentenceSize + targets, labels).build();
  }

  /** The shared settings: seed, float weights, Adam, Xavier initialisation, L2. */
  private static ComputationGraphConfiguration.GraphBuilder graph(TrainingConfig c) {
    return new NeuralNetConfiguration.Builder()
        .seed(c.seed())
        .dataType(DataType.FLOAT)
        .updater(new Adam(c.learningRate()))
        .weightInit(WeightInit.XAVIER)
        .l2(c.l2())
        .graphBuilder();
  }

  /** After the {@code features} vertex: a ReLU hidden layer, then the softmax output, with dropout. */
  private static ComputationGraphConfiguration.GraphBuilder head(
      ComputationGraphConfiguration.GraphBuilder g, TrainingConfig c, int features, int labels) {
    double retain = 1.0 - c.dropout();
    return g.addLayer("hidden", dropout(new DenseLayer.Builder()
            .nIn(features).nOut(c.hiddenSize())
            .activation(Activation.RELU), retain).build(), "features")
        .addLayer(OUT, dropout(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(c.hiddenSize()).nOut(labels)
            .activation(Activation.SOFTMAX), retain).build(), "hidden")
        .setOutputs(OUT);
  }

  public static ComputationGraphConfiguration build(TrainingConfig c, int vocabularySize,
      int targets, int labels) {
    if (c.architecture() == TrainingConfig.Architecture.MINILM) {
      throw new IllegalArgumentException("MINILM is built by buildHead");
    }
    ComputationGraphConfiguration.GraphBuilder g = graph(c)
        .addInputs(TOKENS, TARGET)
        .addLayer(EMBEDDING, new EmbeddingSequenceLayer.Builder()
            .nIn(vocabularySize).nOut(c.embeddingSize())
            .outputDataFormat(RNNFormat.NCW).build(), TOKENS);
    int pooled;
    String[] mergeIn;
    if (c.architecture() == TrainingConfig.Architecture.CNN) {
      mergeIn = new String[CNN_WIDTHS.length + 1];
      for (int i = 0; i < CNN_WIDTHS.length; i++) {
        int w = CNN_WIDTHS[i];
        g.addLayer("conv" + w, new Convolution1DLayer.Builder()
            .kernelSize(w).nIn(c.embeddingSize()).nOut(c.hiddenSize())
            .convolutionMode(ConvolutionMode.Same)
            .activation(Activation.RELU).build(), EMBEDDING);
        g.addLayer("pool" + w, new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "conv" + w);
        mergeIn[i] = "pool" + w;
      }
      pooled = CNN_WIDTHS.length * c.hiddenSize();
    } else {
      g.addLayer("lstm", new Bidirectional(Bidirectional.Mode.CONCAT, new LSTM.Builder()
          .nIn(c.embeddingSize()).nOut(c.hiddenSize()).activation(Activation.TANH).build()),
          EMBEDDING);
      g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "lstm");
      mergeIn = new String[] {"pool", null};
      pooled = 2 * c.hiddenSize();
    }
    mergeIn[mergeIn.length - 1] = TARGET;
    head(g.addVertex("features", new MergeVertex(), mergeIn), c, pooled + targets, labels);
    // No setInputTypes(): with InputType.recurrent(1) DL4J resets the embedding's nIn (vocabulary
    // size) to 1. Every nIn is set explicitly instead.
    ComputationGraphConfiguration conf = g.build();
    if (c.pretrainedEmbeddings()) {
      // Exempt the word vectors from L2, which would otherwise pull the vectors of words no batch
      // shows towards zero (with Adam, by about a learning rate per step). A layer's own l2(0)
      // does not do it: DL4J then applies the global setting.
      BaseLayer e = (BaseLayer) ((LayerVertex) conf.getVertices().get(EMBEDDING)).getLayerConf().getLayer();
      e.setRegularization(new ArrayList<>());
    }
    return conf;
  }
}
