package io.github.stance4j.internal;

import io.github.stance4j.Evaluation;
import io.github.stance4j.StanceLabel;
import io.github.stance4j.TrainingConfig;
import io.github.stance4j.TrainingListener;
import io.github.stance4j.TrainingProgress;
import io.github.stance4j.TrainingStep;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the {@code MINILM_FINETUNED} architecture: {@link MiniLmGraph} with its top
 * {@link TrainingConfig#trainableLayers()} layers trainable, dropout on the pooled vector and a
 * linear softmax head, trained with Adam, decoupled weight decay ({@link TrainingConfig#l2()},
 * scaled by the learning rate and applied after the Adam update, as AdamW), and a learning rate
 * that rises linearly over the first {@value #WARMUP_FRACTION} of the steps and falls linearly to 0
 * at the last step. After each epoch the validation examples (if any) are classified and the epoch
 * with the best macro-F1 is kept; {@link TrainingConfig#patience()} epochs without improvement stop
 * training. Internal: {@code StanceTrainer} splits the data, writes the manifest and builds the
 * {@link FinetunedEngine}.
 *
 * <p><b>Weight averaging.</b> With {@link TrainingConfig#emaDecay()} above 0 a {@link WeightAverage}
 * follows the trained variables, each epoch is validated with the averaged weights (the trained
 * ones are put back before the next step), and the kept epoch's averaged weights are the result.
 *
 * <p><b>Dropout.</b> Only on the pooled vector before the head (inverted dropout, a mask
 * placeholder drawn from the seed, all ones when validating); the encoder's own dropout (0.1 on
 * attention weights and hidden states in BERT's recipe) is not there, because ND4J 1.0.0-M2.1's
 * {@code dropout} op also drops at inference and does not rescale, and per-layer mask placeholders
 * would cost time on every step.
 *
 * <p><b>Reproducibility.</b> Head initialisation, shuffling and dropout masks come from a
 * {@link Random} seeded with {@link TrainingConfig#seed()}, so two runs see exactly the same
 * batches. The weights then depend on ND4J's floating-point reductions: on one machine with one
 * OpenMP thread (stance4j's default) two runs of six steps gave the same losses to every printed digit
 * (measured); other CPUs, ND4J builds or thread counts may differ in the last bits and, over many
 * steps, more.
 *
 * <p><b>Memory.</b> The JVM's garbage collector is asked to run after every step: ND4J frees the
 * native buffers of each step's arrays only when they are collected, and without it native memory
 * grows by gigabytes over an epoch. Not thread-safe (one call trains one graph); callers may run
 * several fits in parallel, each on its own thread.
 */
public final class FinetuneTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(FinetuneTrainer.class);

  /** Share of the steps over which the learning rate warms up. */
  public static final double WARMUP_FRACTION = 0.1;
  /** Examples per forward pass when validating. */
  static final int EVAL_BATCH = 32;
  static final String DROPOUT_MASK = "dropout_mask";
  static final String LABELS = "labels";
  static final String LOGITS = "logits";
  static final String PROBS = "probs";
  static final String LOSS = "loss";
  static final String HEAD_WEIGHT = "head.weight";
  static final String HEAD_BIAS = "head.bias";

  /**
   * What fitting produced.
   *
   * @param encoder the encoder parameters that differ from the pretrained ones, by canonical name:
   *     those trained now, and those a base model had changed
   * @param head {@code [hidden, labels]} row-major weights, then the biases
   * @param bestEpoch the epoch kept (the last one without validation)
   * @param validation the kept epoch's validation result, or null without validation
   * @param stepLosses the loss of every step, in order
   * @param epochsRun epochs trained
   * @param stopReason why training ended and which epoch was kept
   */
  public record Result(Map<String, float[]> encoder, float[] head, int bestEpoch, Evaluation validation,
      List<Double> stepLosses, int epochsRun, String stopReason) {}

  /**
   * Tokenized examples: pair ids, token types and label index per example, and optionally a target
   * distribution per example ({@code soft[i]}, in the labels' order) that training uses instead of
   * the one-hot label where it is not null; a row with a soft target may have any label index
   * (unlabelled rows have -1). Validation always uses the label index.
   */
  public record Examples(int[][] ids, int[][] types, int[] labels, float[][] soft) {
    public Examples {
      if (ids.length != types.length || ids.length != labels.length || soft != null && soft.length != ids.length) {
        throw new IllegalArgumentException("ids, types, labels and soft targets differ in count");
      }
    }

    /** Examples trained on their labels alone. */
    public Examples(int[][] ids, int[][] types, int[] labels) {
      this(ids, types, labels, null);
    }
  }

  private final TrainingConfig cfg;
  private final TrainingListener listener;

  /** A trainer with these settings, reporting to {@code listener}. */
  public FinetuneTrainer(TrainingConfig cfg, TrainingListener listener) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Fine-tunes.
   *
   * @param pretrained the encoder's pretrained weights
   * @param base encoder parameters of a model being trained further (they replace the pretrained
   *     ones), or an empty map
   * @param baseHead the head of a model being trained further, or null for a new random head
   * @param data all examples
   * @param labels the label names, in the model's order
   * @param train indices of training examples
   * @param validation indices of validation examples, possibly empty
   * @throws IllegalStateException if the loss becomes non-finite
   */
  public Result fit(MiniLmWeights pretrained, Map<String, float[]> base, float[] baseHead, Examples data,
      List<StanceLabel> labels, List<Integer> train, List<Integer> validation) {
    NativeRuntime.init();
    int nl = labels.size();
    MiniLmWeights weights = overlay(pretrained, base);
    int hidden = weights.config().hidden();
    Random rnd = new Random(cfg.seed());
    Nd4j.getRandom().setSeed(cfg.seed());
    MiniLmGraph graph = new MiniLmGraph(weights, MiniLmGraph.Trainable.topLayers(cfg.trainableLayers()), DataType.FLOAT);
    SameDiff sd = graph.sameDiff();
    float[] head = baseHead != null ? baseHead.clone() : initialHead(hidden, nl, rnd);
    if (head.length != (hidden + 1) * nl) {
      throw new IllegalArgumentException("the base head has " + head.length + " values, expected " + (hidden + 1) * nl);
    }
    SDVariable w = sd.var(HEAD_WEIGHT, Nd4j.create(Arrays.copyOf(head, hidden * nl), new long[] {hidden, nl}, 'c'));
    SDVariable b = sd.var(HEAD_BIAS, Nd4j.create(Arrays.copyOfRange(head, hidden * nl, head.length), new long[] {nl}, 'c'));
    SDVariable keep = sd.placeHolder(DROPOUT_MASK, DataType.FLOAT, -1, hidden);
    SDVariable y = sd.placeHolder(LABELS, DataType.FLOAT, -1, nl);
    SDVariable logits = graph.pooled().mul(keep).mmul(w).add(LOGITS, b);
    sd.nn().softmax(PROBS, logits, 1);
    sd.loss().softmaxCrossEntropy(LOSS, y, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
    sd.setLossVariables(LOSS);

    int stepsPerEpoch = (train.size() + cfg.batchSize() - 1) / cfg.batchSize();
    int totalSteps = stepsPerEpoch * cfg.epochs();
    int warmup = Math.max(1, (int) Math.round(totalSteps * WARMUP_FRACTION));
    org.nd4j.autodiff.samediff.TrainingConfig.Builder tc = org.nd4j.autodiff.samediff.TrainingConfig.builder()
        .updater(new Adam(new WarmupLinearDecay(cfg.learningRate(), warmup, totalSteps)))
        .dataSetFeatureMapping(MiniLmGraph.INPUT_IDS, MiniLmGraph.ATTENTION_MASK, MiniLmGraph.TOKEN_TYPE_IDS, DROPOUT_MASK)
        .dataSetLabelMapping(LABELS);
    if (cfg.l2() > 0) {
      tc.weightDecay(cfg.l2(), true);
    }
    sd.setTrainingConfig(tc.build());
    createGradFunctionQuietly(sd);

    List<String> trainable = new ArrayList<>(graph.trainableVariables());
    trainable.add(HEAD_WEIGHT);
    trainable.add(HEAD_BIAS);
    LossListener lossListener = new LossListener();
    List<Integer> order = new ArrayList<>(train);
    List<Double> losses = new ArrayList<>();
    Instant start = Instant.now();
    double bestF1 = Double.NEGATIVE_INFINITY;
    Map<String, float[]> best = null;
    Evaluation bestEval = null;
    int bestEpoch = 0;
    int sinceBest = 0;
    int done = 0;
    int epochsRun = 0;
    String stopReason = "";
    double p = cfg.dropout();
    WeightAverage average = cfg.emaDecay() > 0 ? new WeightAverage(sd, trainable, cfg.emaDecay()) : null;
    for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
      Collections.shuffle(order, rnd);
      double lossSum = 0;
      for (int s = 0; s < stepsPerEpoch; s++) {
        List<Integer> idx = order.subList(s * cfg.batchSize(), Math.min(order.size(), (s + 1) * cfg.batchSize()));
        MiniLmGraph.Batch batch = batch(graph, data, idx);
        float[][] mask = new float[idx.size()][hidden];
        for (float[] row : mask) {
          for (int d = 0; d < hidden; d++) {
            row[d] = p > 0 && rnd.nextDouble() < p ? 0f : (float) (1.0 / (1.0 - p));
          }
        }
        float[][] onehot = new float[idx.size()][];
        for (int k = 0; k < idx.size(); k++) {
          int i = idx.get(k);
          if (data.soft() != null && data.soft()[i] != null) {
            onehot[k] = data.soft()[i].clone();
          } else {
            onehot[k] = new float[nl];
            onehot[k][data.labels()[i]] = 1f;
          }
        }
        INDArray[] f = batch.features();
        MultiDataSet mds = new org.nd4j.linalg.dataset.MultiDataSet(
            new INDArray[] {f[0], f[1], f[2], Nd4j.createFromArray(mask)},
            new INDArray[] {Nd4j.createFromArray(onehot)});
        lossListener.loss = Double.NaN;
        sd.fit(mds, lossListener);
        double loss = lossListener.loss;
        System.gc();
        if (!Double.isFinite(loss)) {
          throw new IllegalStateException("fine-tuning diverged at epoch " + epoch + ", step " + (s + 1) + " (loss "
              + loss + "); lower the learning rate (now " + cfg.learningRate() + ")");
        }
        if (average != null) {
          average.update();
        }
        losses.add(loss);
        lossSum += loss;
        done++;
        Duration elapsed = Duration.between(start, Instant.now());
        listener.onStep(new TrainingStep(epoch, cfg.epochs(), s + 1, stepsPerEpoch, loss, elapsed,
            elapsed.dividedBy(done).multipliedBy(totalSteps - done)));
      }
      double f1 = Double.NaN;
      boolean isBest;
      if (!validation.isEmpty()) {
        Map<String, INDArray> trained = average != null ? average.swapIn() : null;
        Evaluation ev = evaluate(graph, data, validation, labels);
        f1 = ev.macroF1();
        isBest = f1 > bestF1;
        if (isBest) {
          bestF1 = f1;
          bestEval = ev;
          bestEpoch = epoch;
          best = snapshot(sd, trainable);
          sinceBest = 0;
        } else {
          sinceBest++;
        }
        if (trained != null) {
          average.restore(trained);
        }
      } else {
        isBest = true;
        bestEpoch = epoch;
      }
      epochsRun = epoch;
      boolean early = !validation.isEmpty() && cfg.patience() > 0 && sinceBest >= cfg.patience();
      if (early) {
        stopReason = String.format(java.util.Locale.ROOT, "stopped early after epoch %d of %d: validation macro-F1 "
            + "did not improve for %d epochs (patience %d); kept epoch %d (validation macro-F1 %.4f)",
            epoch, cfg.epochs(), sinceBest, cfg.patience(), bestEpoch, bestF1);
      } else if (epoch == cfg.epochs()) {
        stopReason = !validation.isEmpty()
            ? String.format(java.util.Locale.ROOT, "ran all %d epochs; kept epoch %d (validation macro-F1 %.4f)",
                cfg.epochs(), bestEpoch, bestF1)
            : "ran all " + cfg.epochs() + " epochs; kept the last (no validation split)";
      }
      Duration elapsed = Duration.between(start, Instant.now());
      Duration remaining = stopReason.isEmpty()
          ? elapsed.dividedBy(epoch).multipliedBy(cfg.epochs() - epoch) : Duration.ZERO;
      listener.onEpoch(new TrainingProgress(epoch, cfg.epochs(), lossSum / stepsPerEpoch, f1, isBest, elapsed,
          remaining, stopReason));
      if (early) {
        break;
      }
    }
    if (best == null) {
      if (average != null) {
        average.swapIn();
      }
      best = snapshot(sd, trainable);
    }
    Map<String, float[]> encoder = new LinkedHashMap<>();
    for (String name : weights.names()) {
      if (best.containsKey(name)) {
        encoder.put(name, best.get(name));
      } else if (base.containsKey(name)) {
        encoder.put(name, base.get(name));
      }
    }
    float[] outHead = new float[(hidden + 1) * nl];
    System.arraycopy(best.get(HEAD_WEIGHT), 0, outHead, 0, hidden * nl);
    System.arraycopy(best.get(HEAD_BIAS), 0, outHead, hidden * nl, nl);
    System.gc();
    return new Result(encoder, outHead, bestEpoch, bestEval, losses, epochsRun, stopReason);
  }

  /** Xavier-uniform weights and zero biases, drawn from {@code rnd}. */
  private static float[] initialHead(int hidden, int labels, Random rnd) {
    float[] h = new float[(hidden + 1) * labels];
    double limit = Math.sqrt(6.0 / (hidden + labels));
    for (int i = 0; i < hidden * labels; i++) {
      h[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
    }
    return h;
  }

  private static MiniLmWeights overlay(MiniLmWeights pretrained, Map<String, float[]> base) {
    if (base.isEmpty()) {
      return pretrained;
    }
    Map<String, float[]> all = new LinkedHashMap<>();
    for (String name : pretrained.names()) {
      all.put(name, base.getOrDefault(name, pretrained.values(name)));
    }
    return MiniLmWeights.of(pretrained.config(), all);
  }

  private static MiniLmGraph.Batch batch(MiniLmGraph graph, Examples data, List<Integer> idx) {
    List<int[]> ids = new ArrayList<>(idx.size());
    List<int[]> types = new ArrayList<>(idx.size());
    for (int i : idx) {
      ids.add(data.ids()[i]);
      types.add(data.types()[i]);
    }
    return graph.batch(ids, types);
  }

  /**
   * Class probabilities of examples {@code idx} by the graph in {@code sd} (no dropout), in the
   * order of {@code idx}; the graph must hold the head this class adds.
   */
  static float[][] probabilities(MiniLmGraph graph, Examples data, List<Integer> idx) {
    Integer[] order = new Integer[idx.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> data.ids()[idx.get(i)].length));
    float[][] out = new float[idx.size()][];
    int hidden = graph.config().hidden();
    for (int s = 0; s < order.length; s += EVAL_BATCH) {
      List<Integer> chunk = new ArrayList<>();
      for (int k = s; k < Math.min(order.length, s + EVAL_BATCH); k++) {
        chunk.add(idx.get(order[k]));
      }
      MiniLmGraph.Batch batch = batch(graph, data, chunk);
      Map<String, INDArray> ph = batch.placeholders();
      ph.put(DROPOUT_MASK, Nd4j.ones(DataType.FLOAT, chunk.size(), hidden));
      float[][] p = graph.sameDiff().output(ph, PROBS).get(PROBS).toFloatMatrix();
      for (int k = 0; k < chunk.size(); k++) {
        out[order[s + k]] = p[k];
      }
    }
    return out;
  }

  private static Evaluation evaluate(MiniLmGraph graph, Examples data, List<Integer> idx, List<StanceLabel> labels) {
    float[][] p = probabilities(graph, data, idx);
    List<StanceLabel> gold = new ArrayList<>();
    List<StanceLabel> pred = new ArrayList<>();
    for (int k = 0; k < idx.size(); k++) {
      int arg = 0;
      for (int j = 1; j < p[k].length; j++) {
        if (p[k][j] > p[k][arg]) {
          arg = j;
        }
      }
      gold.add(labels.get(data.labels()[idx.get(k)]));
      pred.add(labels.get(arg));
    }
    System.gc();
    return Evaluation.of(labels, gold, pred);
  }

  /**
   * The zero-debiased exponential moving average of a graph's trained variables
   * ({@link TrainingConfig#emaDecay()}): {@code avg = d * avg + (1 - d) * w} after each step from
   * {@code avg = 0}, read as {@code avg / (1 - d^t)}, the weighted mean of the {@code t} steps'
   * weights with weights {@code d^(t-i)}. Kept off-heap beside the graph's own arrays (as much
   * memory again as the trained variables: about 42 MB for six layers).
   */
  static final class WeightAverage {
    private final SameDiff sd;
    private final List<String> names;
    private final double decay;
    private final Map<String, INDArray> sums = new LinkedHashMap<>();
    private long steps;

    WeightAverage(SameDiff sd, List<String> names, double decay) {
      this.sd = sd;
      this.names = List.copyOf(names);
      this.decay = decay;
      for (String n : this.names) {
        INDArray w = sd.getVariable(n).getArr();
        sums.put(n, Nd4j.zeros(w.dataType(), w.shape()));
      }
    }

    /** Folds the graph's current weights into the average. */
    void update() {
      for (String n : names) {
        INDArray w = sd.getVariable(n).getArr();
        sums.get(n).muli(decay).addi(w.mul(1 - decay));
      }
      steps++;
    }

    /** The averaged value of one variable, debiased. */
    INDArray averaged(String name) {
      return sums.get(name).div(1 - Math.pow(decay, steps));
    }

    /**
     * Writes the averaged weights into the graph and returns copies of the weights they replace.
     *
     * @throws IllegalStateException before the first {@link #update()}
     */
    Map<String, INDArray> swapIn() {
      if (steps == 0) {
        throw new IllegalStateException("no step has been averaged yet");
      }
      Map<String, INDArray> trained = new LinkedHashMap<>();
      for (String n : names) {
        INDArray w = sd.getVariable(n).getArr();
        trained.put(n, w.dup());
        w.assign(averaged(n));
      }
      return trained;
    }

    /** Writes back the weights {@link #swapIn()} returned. */
    void restore(Map<String, INDArray> trained) {
      for (String n : names) {
        sd.getVariable(n).getArr().assign(trained.get(n));
      }
    }
  }

  private static Map<String, float[]> snapshot(SameDiff sd, List<String> names) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String n : names) {
      m.put(n, sd.getVariable(n).getArr().dup('c').data().asFloat());
    }
    return m;
  }

  /**
   * Creates the gradient function with {@code System.out} silenced: ND4J 1.0.0-M2.1 prints an
   * "Added differentiated op" line per op to standard output while it does. (Other threads'
   * output is silenced for that moment too.)
   */
  static void createGradFunctionQuietly(SameDiff sd) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      sd.createGradFunction();
    } finally {
      System.setOut(out);
    }
  }

  /**
   * Keeps the loss of the last training iteration, computed here from the logits of the training
   * forward pass and the batch's labels: ND4J 1.0.0-M2.1 does not run the loss op itself when it
   * trains (the gradient op takes logits and labels), and the {@code Loss} it passes to
   * {@code iterationDone} holds 0 for the loss variable (measured; the forward value was 1.15).
   */
  private static final class LossListener extends BaseListener {
    double loss = Double.NaN;

    @Override
    public boolean isActive(Operation operation) {
      return operation == Operation.TRAINING;
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, org.nd4j.autodiff.samediff.internal.SameDiffOp op,
        org.nd4j.linalg.api.ops.OpContext opContext, INDArray[] outputs) {
      List<String> names = op.getOutputsOfOp();
      int i = names == null ? -1 : names.indexOf(LOGITS);
      if (i >= 0 && outputs != null && i < outputs.length && outputs[i] != null) {
        loss = crossEntropy(outputs[i].castTo(DataType.DOUBLE).toDoubleMatrix(),
            batch.getLabels(0).castTo(DataType.DOUBLE).toDoubleMatrix());
      }
    }
  }

  /** Mean softmax cross-entropy of rows of logits against one-hot rows. */
  static double crossEntropy(double[][] logits, double[][] onehot) {
    double sum = 0;
    for (int r = 0; r < logits.length; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double z : logits[r]) {
        max = Math.max(max, z);
      }
      double norm = 0;
      for (double z : logits[r]) {
        norm += Math.exp(z - max);
      }
      double logNorm = max + Math.log(norm);
      for (int j = 0; j < logits[r].length; j++) {
        sum -= onehot[r][j] * (logits[r][j] - logNorm);
      }
    }
    return sum / logits.length;
  }

  /**
   * Learning rate {@code peak * (i + 1) / warmup} for the first {@code warmup} iterations, then
   * falling linearly to 0 at iteration {@code total}.
   */
  static final class WarmupLinearDecay implements ISchedule {
    private final double peak;
    private final int warmup;
    private final int total;

    WarmupLinearDecay(double peak, int warmup, int total) {
      this.peak = peak;
      this.warmup = warmup;
      this.total = total;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
      if (iteration < warmup) {
        return peak * (iteration + 1) / warmup;
      }
      return peak * Math.max(0.0, (double) (total - iteration) / Math.max(1, total - warmup));
    }

    @Override
    public ISchedule clone() {
      return new WarmupLinearDecay(peak, warmup, total);
    }
  }
}
