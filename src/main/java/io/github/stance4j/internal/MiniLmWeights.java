package io.github.stance4j.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weights and shape of a BERT encoder such as all-MiniLM-L6-v2, by canonical name, as
 * {@link MiniLmGraph} builds them into SameDiff. Read from the ONNX export on the classpath
 * ({@link #load()}) or any ONNX export of the same form ({@link #fromOnnx}), or given directly
 * ({@link #of}, e.g. random weights for a small test graph). Internal.
 *
 * <p><b>Names.</b> The canonical names are those of the Hugging Face {@code BertModel} state dict
 * ({@link #WORD_EMBEDDINGS}, {@link #layer(int, String)} with the suffixes {@link #QUERY_WEIGHT} and
 * so on). <em>Unlike</em> the PyTorch state dict, every dense weight is stored {@code [in, out]}, as
 * the ONNX graph multiplies it ({@code y = x W + b}), i.e. the transpose of
 * {@code torch.nn.Linear.weight}.
 *
 * <p><b>ONNX names.</b> In the bundled export (by PyTorch 2.0.1, says the file) the
 * embeddings, biases and layer-norm parameters keep their state-dict names, but the six dense
 * weights of each layer were transposed and constant-folded into anonymous initializers named
 * {@code onnx::MatMul_NNN}. {@link #fromOnnx} maps them by the {@code MatMul} node that consumes each
 * initializer as its second input: node {@code /encoder/layer.L/attention/self/query/MatMul} holds
 * {@code encoder.layer.L.attention.self.query.weight}, and so on for {@code key}, {@code value},
 * {@code attention/output/dense}, {@code intermediate/dense} and {@code output/dense}. (Derived by
 * listing the graph's 637 nodes and 102 initializers with a throwaway wire-format dump; the
 * {@code MatMul} node names follow the PyTorch module paths.) For the bundled file this gives, for
 * layer {@code L} in 0..5 and {@code n = 787 + 13 L}: query {@code onnx::MatMul_n}, key
 * {@code n+1}, value {@code n+4}, attention output {@code n+10}, intermediate {@code n+11}, output
 * {@code n+12} (so layer 0: 787, 788, 791, 797, 798, 799; layer 5: 852, 853, 856, 862, 863, 864);
 * {@code MiniLmWeightsTest} pins this table. Mapping by node rather than by number keeps working if
 * a re-export renumbers them; a dense weight is only ever taken from a {@code MatMul} input, whose
 * layout is known, even when its initializer has a state-dict name.
 *
 * <p><b>Shape and constants read from the graph</b>, since the weights alone do not give them: the
 * head size from the constant that each attention divides its scores by ({@code sqrt(32)}), the
 * layer-norm epsilon from the constant each {@code LayerNorm/Add} adds to the variance (1e-12, the
 * same in all 13), and the exact GELU from one {@code Erf} node per layer. Anything else
 * (missing or misshapen tensors, a second candidate for one weight, layers not numbered 0..L-1, no
 * {@code Erf}, differing constants) is refused with an {@link IllegalArgumentException} that names
 * it.
 *
 * <p><b>Threads and memory.</b> Immutable once built; {@link #values(String)} returns the stored
 * array itself (about 90 MB in all for MiniLM, on the Java heap), which callers must not modify.
 * Safe to share between threads. Drop the instance once the graphs that need it are built: the
 * graph copies the values into native memory.
 */
public final class MiniLmWeights {

  /** {@code [vocabulary, hidden]} word-piece embeddings. */
  public static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
  /** {@code [maxPositions, hidden]} absolute position embeddings. */
  public static final String POSITION_EMBEDDINGS = "embeddings.position_embeddings.weight";
  /** {@code [typeVocabulary, hidden]} token-type (segment) embeddings. */
  public static final String TOKEN_TYPE_EMBEDDINGS = "embeddings.token_type_embeddings.weight";
  /** {@code [hidden]} gain of the embeddings' layer norm. */
  public static final String EMBEDDINGS_NORM_WEIGHT = "embeddings.LayerNorm.weight";
  /** {@code [hidden]} bias of the embeddings' layer norm. */
  public static final String EMBEDDINGS_NORM_BIAS = "embeddings.LayerNorm.bias";

  /** Layer suffix: {@code [hidden, hidden]} query projection. */
  public static final String QUERY_WEIGHT = "attention.self.query.weight";
  public static final String QUERY_BIAS = "attention.self.query.bias";
  /** Layer suffix: {@code [hidden, hidden]} key projection. */
  public static final String KEY_WEIGHT = "attention.self.key.weight";
  public static final String KEY_BIAS = "attention.self.key.bias";
  /** Layer suffix: {@code [hidden, hidden]} value projection. */
  public static final String VALUE_WEIGHT = "attention.self.value.weight";
  public static final String VALUE_BIAS = "attention.self.value.bias";
  /** Layer suffix: {@code [hidden, hidden]} projection of the attention's output. */
  public static final String ATTENTION_OUTPUT_WEIGHT = "attention.output.dense.weight";
  public static final String ATTENTION_OUTPUT_BIAS = "attention.output.dense.bias";
  /** Layer suffix: {@code [hidden]} layer norm after attention and residual. */
  public static final String ATTENTION_NORM_WEIGHT = "attention.output.LayerNorm.weight";
  public static final String ATTENTION_NORM_BIAS = "attention.output.LayerNorm.bias";
  /** Layer suffix: {@code [hidden, intermediate]} first feed-forward projection (then GELU). */
  public static final String INTERMEDIATE_WEIGHT = "intermediate.dense.weight";
  public static final String INTERMEDIATE_BIAS = "intermediate.dense.bias";
  /** Layer suffix: {@code [intermediate, hidden]} second feed-forward projection. */
  public static final String OUTPUT_WEIGHT = "output.dense.weight";
  public static final String OUTPUT_BIAS = "output.dense.bias";
  /** Layer suffix: {@code [hidden]} layer norm after feed-forward and residual. */
  public static final String OUTPUT_NORM_WEIGHT = "output.LayerNorm.weight";
  public static final String OUTPUT_NORM_BIAS = "output.LayerNorm.bias";

  /** The 16 parameter suffixes of each layer, in the order {@link #names()} lists them. */
  public static final List<String> LAYER_SUFFIXES = List.of(QUERY_WEIGHT, QUERY_BIAS, KEY_WEIGHT, KEY_BIAS,
      VALUE_WEIGHT, VALUE_BIAS, ATTENTION_OUTPUT_WEIGHT, ATTENTION_OUTPUT_BIAS, ATTENTION_NORM_WEIGHT,
      ATTENTION_NORM_BIAS, INTERMEDIATE_WEIGHT, INTERMEDIATE_BIAS, OUTPUT_WEIGHT, OUTPUT_BIAS,
      OUTPUT_NORM_WEIGHT, OUTPUT_NORM_BIAS);

  /** The dense weights held by anonymous ONNX initializers, keyed by their MatMul node's module path. */
  private static final Map<String, String> MATMUL_MODULES = Map.of(
      "attention/self/query", QUERY_WEIGHT,
      "attention/self/key", KEY_WEIGHT,
      "attention/self/value", VALUE_WEIGHT,
      "attention/output/dense", ATTENTION_OUTPUT_WEIGHT,
      "intermediate/dense", INTERMEDIATE_WEIGHT,
      "output/dense", OUTPUT_WEIGHT);
  private static final Pattern MATMUL_NODE = Pattern.compile("/encoder/layer\\.(\\d+)/(.+)/MatMul");
  private static final Pattern LAYER_NAME = Pattern.compile("encoder\\.layer\\.(\\d+)\\.(.+)");
  private static final Pattern ATTENTION_DIV = Pattern.compile("/encoder/layer\\.(\\d+)/attention/self/Div");
  private static final Pattern GELU_ERF = Pattern.compile("/encoder/layer\\.(\\d+)/intermediate/.*");

  /**
   * The encoder's shape.
   *
   * @param vocabulary word-piece vocabulary size
   * @param hidden width of every token state
   * @param heads attention heads; divides {@code hidden}
   * @param intermediate width of the feed-forward layer
   * @param layers transformer layers
   * @param maxPositions longest sequence (rows of the position embeddings)
   * @param typeVocabulary token types (rows of the token-type embeddings)
   * @param layerNormEpsilon the epsilon the model adds to the variance in its layer norms
   */
  public record Config(int vocabulary, int hidden, int heads, int intermediate, int layers,
      int maxPositions, int typeVocabulary, double layerNormEpsilon) {

    /** all-MiniLM-L6-v2, as read from its ONNX export (whose epsilon is the float nearest 1e-12). */
    public static final Config MINILM_L6 = new Config(30522, 384, 12, 1536, 6, 512, 2, (double) 1e-12f);

    public Config {
      if (vocabulary < 1 || hidden < 1 || heads < 1 || intermediate < 1 || layers < 1 || maxPositions < 1
          || typeVocabulary < 1) {
        throw new IllegalArgumentException("every size must be at least 1: " + sizes(vocabulary, hidden, heads,
            intermediate, layers, maxPositions, typeVocabulary));
      }
      if (hidden % heads != 0) {
        throw new IllegalArgumentException(heads + " heads do not divide hidden width " + hidden);
      }
      if (!(layerNormEpsilon >= 0 && layerNormEpsilon < 1e-3)) {
        throw new IllegalArgumentException("layer-norm epsilon " + layerNormEpsilon + " is outside [0, 1e-3)");
      }
    }

    /** Width of each attention head: {@code hidden / heads}. */
    public int headSize() {
      return hidden / heads;
    }

    private static String sizes(int... s) {
      return Arrays.toString(s);
    }
  }

  private final Config config;
  private final Map<String, float[]> values;
  private final Map<String, String> onnxNames;
  private final String sha256;

  private MiniLmWeights(Config config, Map<String, float[]> values, Map<String, String> onnxNames, String sha256) {
    this.config = config;
    this.values = values;
    this.onnxNames = onnxNames;
    this.sha256 = sha256;
  }

  /** Canonical name of parameter {@code suffix} of layer {@code layer}: {@code encoder.layer.L.suffix}. */
  public static String layer(int layer, String suffix) {
    return "encoder.layer." + layer + "." + suffix;
  }

  /** Every canonical name of a model of {@code config}: embeddings first, then layer by layer. */
  public static List<String> names(Config config) {
    List<String> n = new ArrayList<>(List.of(WORD_EMBEDDINGS, POSITION_EMBEDDINGS, TOKEN_TYPE_EMBEDDINGS,
        EMBEDDINGS_NORM_WEIGHT, EMBEDDINGS_NORM_BIAS));
    for (int l = 0; l < config.layers(); l++) {
      for (String s : LAYER_SUFFIXES) {
        n.add(layer(l, s));
      }
    }
    return n;
  }

  /** The shape {@code name} must have in a model of {@code config}. */
  public static long[] shape(Config c, String name) {
    long h = c.hidden();
    switch (name) {
      case WORD_EMBEDDINGS:
        return new long[] {c.vocabulary(), h};
      case POSITION_EMBEDDINGS:
        return new long[] {c.maxPositions(), h};
      case TOKEN_TYPE_EMBEDDINGS:
        return new long[] {c.typeVocabulary(), h};
      case EMBEDDINGS_NORM_WEIGHT:
      case EMBEDDINGS_NORM_BIAS:
        return new long[] {h};
      default:
        break;
    }
    Matcher m = LAYER_NAME.matcher(name);
    if (!m.matches() || Integer.parseInt(m.group(1)) >= c.layers() || !LAYER_SUFFIXES.contains(m.group(2))) {
      throw new IllegalArgumentException("not a parameter of a " + c.layers() + "-layer model: " + name);
    }
    return switch (m.group(2)) {
      case QUERY_WEIGHT, KEY_WEIGHT, VALUE_WEIGHT, ATTENTION_OUTPUT_WEIGHT -> new long[] {h, h};
      case INTERMEDIATE_WEIGHT -> new long[] {h, c.intermediate()};
      case INTERMEDIATE_BIAS -> new long[] {c.intermediate()};
      case OUTPUT_WEIGHT -> new long[] {c.intermediate(), h};
      default -> new long[] {h};
    };
  }

  /**
   * Weights given by canonical name, checked against {@code config}.
   *
   * @param values one row-major array per name of {@link #names(Config)}, no other; kept, not copied
   * @throws IllegalArgumentException naming the first missing, extra or misshapen parameter
   */
  public static MiniLmWeights of(Config config, Map<String, float[]> values) {
    Objects.requireNonNull(config, "config");
    Map<String, float[]> v = new LinkedHashMap<>();
    for (String name : names(config)) {
      float[] a = values.get(name);
      if (a == null) {
        throw new IllegalArgumentException("missing parameter " + name);
      }
      long[] shape = shape(config, name);
      long n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
      if (a.length != n) {
        throw new IllegalArgumentException("parameter " + name + " has " + a.length + " values, expected "
            + Arrays.toString(shape));
      }
      v.put(name, a);
    }
    for (String name : values.keySet()) {
      if (!v.containsKey(name)) {
        throw new IllegalArgumentException("unexpected parameter " + name);
      }
    }
    return new MiniLmWeights(config, Collections.unmodifiableMap(v), Map.of(), null);
  }

  /**
   * The weights of the all-MiniLM-L6-v2 export on the classpath ({@link MiniLmEncoder#RESOURCE}).
   *
   * @throws IllegalStateException if the resource is missing or unreadable
   * @throws IllegalArgumentException if it is not an export this class understands
   */
  public static MiniLmWeights load() {
    return fromOnnx(MiniLmEncoder.modelBytes());
  }

  /**
   * Reads a BERT encoder's weights, shape and constants from an ONNX export of the Hugging Face
   * {@code BertModel} (see the class description for what is read and how names are mapped).
   *
   * @throws IllegalArgumentException if the bytes are not such a model; the message names the problem
   */
  public static MiniLmWeights fromOnnx(byte[] model) {
    OnnxGraphReader.Graph g = OnnxGraphReader.read(model);
    Map<String, OnnxGraphReader.Tensor> inits = g.initializers();

    Map<String, String> onnx = canonicalNames(g);

    int layers = 0;
    while (onnx.containsKey(layer(layers, QUERY_WEIGHT))) {
      layers++;
    }
    if (layers == 0) {
      throw new IllegalArgumentException("no encoder layers: no MatMul node named /encoder/layer.0/attention/self/query/MatMul");
    }
    long[] word = dims(inits, onnx, WORD_EMBEDDINGS, 2);
    long[] inter = dims(inits, onnx, layer(0, INTERMEDIATE_WEIGHT), 2);
    int hidden = toInt(word[1]);
    int headSize = headSize(g, layers, hidden);
    Config config = new Config(toInt(word[0]), hidden, hidden / headSize, toInt(inter[1]), layers,
        toInt(dims(inits, onnx, POSITION_EMBEDDINGS, 2)[0]), toInt(dims(inits, onnx, TOKEN_TYPE_EMBEDDINGS, 2)[0]),
        layerNormEpsilon(g, layers));
    checkExactGelu(g, layers);

    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, String> used = new LinkedHashMap<>();
    for (String name : names(config)) {
      String source = onnx.get(name);
      if (source == null) {
        throw new IllegalArgumentException("the model has no initializer for " + name);
      }
      OnnxGraphReader.Tensor t = inits.get(source);
      if (!Arrays.equals(t.dims(), shape(config, name))) {
        throw new IllegalArgumentException("initializer " + source + " (" + name + ") has dims "
            + Arrays.toString(t.dims()) + ", expected " + Arrays.toString(shape(config, name)));
      }
      values.put(name, t.floats());
      used.put(name, source);
    }
    for (String name : onnx.keySet()) {
      if (!used.containsKey(name)) {
        throw new IllegalArgumentException("unexpected initializer " + onnx.get(name) + " (" + name + ") beyond "
            + layers + " layers");
      }
    }
    return new MiniLmWeights(config, Collections.unmodifiableMap(values), Collections.unmodifiableMap(used),
        MiniLmEncoder.sha256(model));
  }

  /**
   * Canonical name to ONNX initializer name for every encoder parameter of graph {@code g}. Dense
   * weights are taken only from {@code MatMul} nodes (see the class description): that fixes their
   * layout as {@code [in, out]}, which their shape cannot show for square matrices.
   *
   * @throws IllegalArgumentException if a dense weight's node or layout cannot be told
   */
  private static Map<String, String> canonicalNames(OnnxGraphReader.Graph g) {
    Map<String, OnnxGraphReader.Tensor> inits = g.initializers();
    Map<String, String> onnx = new TreeMap<>();
    for (String name : inits.keySet()) {
      if (name.startsWith("embeddings.") && !name.equals("embeddings.position_ids")
          || name.startsWith("encoder.layer.") && !isDenseWeight(name)) {
        onnx.put(name, name);
      }
    }
    for (OnnxGraphReader.Node n : g.nodes()) {
      if (!n.opType().equals("MatMul") || n.inputs().size() != 2 || !inits.containsKey(n.inputs().get(1))) {
        continue;
      }
      Matcher m = MATMUL_NODE.matcher(n.name());
      String suffix = m.matches() ? MATMUL_MODULES.get(m.group(2)) : null;
      if (suffix == null) {
        throw new IllegalArgumentException("MatMul node " + n.name() + " multiplies by initializer "
            + n.inputs().get(1) + ", which is not one of a BERT layer's six dense weights");
      }
      String canonical = layer(Integer.parseInt(m.group(1)), suffix);
      String previous = onnx.put(canonical, n.inputs().get(1));
      if (previous != null) {
        throw new IllegalArgumentException("two initializers hold " + canonical + ": " + previous + " and "
            + n.inputs().get(1));
      }
    }

    for (String name : inits.keySet()) {
      if (isDenseWeight(name) && !name.equals(onnx.get(name))) {
        throw new IllegalArgumentException("initializer " + name + " is not the second input of a MatMul node named"
            + " for it, so its layout is unknown");
      }
    }

    return onnx;
  }

  private static boolean isDenseWeight(String name) {
    Matcher m = LAYER_NAME.matcher(name);
    return m.matches() && MATMUL_MODULES.containsValue(m.group(2));
  }

  private static long[] dims(Map<String, OnnxGraphReader.Tensor> inits, Map<String, String> onnx, String name, int rank) {
    String source = onnx.get(name);
    if (source == null) {
      throw new IllegalArgumentException("the model has no initializer for " + name);
    }
    long[] d = inits.get(source).dims();
    if (d.length != rank) {
      throw new IllegalArgumentException("initializer " + source + " (" + name + ") has dims " + Arrays.toString(d)
          + ", expected rank " + rank);
    }
    return d;
  }

  private static int toInt(long v) {
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("dimension " + v + " out of range");
    }
    return (int) v;
  }

  /** The head size d from every layer's {@code .../attention/self/Div} by the constant sqrt(d). */
  private static int headSize(OnnxGraphReader.Graph g, int layers, int hidden) {
    Integer found = null;
    int count = 0;
    for (OnnxGraphReader.Node n : g.nodes()) {
      if (!n.opType().equals("Div") || !ATTENTION_DIV.matcher(n.name()).matches()) {
        continue;
      }
      double s = scalarConstant(g, n, 1);
      long d = Math.round(s * s);
      if (d < 1 || Math.abs(s * s - d) > 1e-3 * d || hidden % d != 0) {
        throw new IllegalArgumentException(n.name() + " divides the attention scores by " + s
            + ", not the square root of a head size that divides " + hidden);
      }
      if (found != null && found != d) {
        throw new IllegalArgumentException("layers differ in head size: " + found + " and " + d);
      }
      found = (int) d;
      count++;
    }
    if (count != layers) {
      throw new IllegalArgumentException("expected one attention scale (Div node /encoder/layer.L/attention/self/Div)"
          + " per layer, found " + count + " for " + layers + " layers");
    }
    return found;
  }

  /** The epsilon of every {@code .../LayerNorm/Add} (variance + eps), which must agree. */
  private static double layerNormEpsilon(OnnxGraphReader.Graph g, int layers) {
    Double eps = null;
    int count = 0;
    for (OnnxGraphReader.Node n : g.nodes()) {
      if (!n.opType().equals("Add") || !n.name().endsWith("/LayerNorm/Add")) {
        continue;
      }
      double e = scalarConstant(g, n, 1);
      if (eps != null && eps != e) {
        throw new IllegalArgumentException("layer norms differ in epsilon: " + eps + " and " + e);
      }
      eps = e;
      count++;
    }
    if (count != 1 + 2 * layers) {
      throw new IllegalArgumentException("expected " + (1 + 2 * layers) + " layer norms (Add nodes named .../LayerNorm/Add),"
          + " found " + count);
    }
    return eps;
  }

  private static void checkExactGelu(OnnxGraphReader.Graph g, int layers) {
    boolean[] seen = new boolean[layers];
    for (OnnxGraphReader.Node n : g.nodes()) {
      Matcher m = GELU_ERF.matcher(n.name());
      if (m.matches()) {
        int l = Integer.parseInt(m.group(1));
        if (n.opType().equals("Tanh")) {
          throw new IllegalArgumentException(n.name() + ": layer " + l + " uses the tanh approximation of GELU; the"
              + " graph builder implements the exact erf form only");
        }
        if (n.opType().equals("Erf") && l < layers) {
          seen[l] = true;
        }
      }
    }
    for (int l = 0; l < layers; l++) {
      if (!seen[l]) {
        throw new IllegalArgumentException("layer " + l + " has no Erf node under /encoder/layer." + l
            + "/intermediate/: not the exact GELU");
      }
    }
  }

  /** The value of scalar float input {@code index} of {@code node}, produced by a Constant node. */
  private static double scalarConstant(OnnxGraphReader.Graph g, OnnxGraphReader.Node node, int index) {
    if (node.inputs().size() <= index) {
      throw new IllegalArgumentException(node.name() + " has no input " + index);
    }
    String input = node.inputs().get(index);
    OnnxGraphReader.Node c = g.producer(input);
    OnnxGraphReader.Tensor t = c == null || !c.opType().equals("Constant") ? null : c.tensors().get("value");
    if (t == null || t.size() != 1 || t.dataType() != OnnxGraphReader.FLOAT) {
      throw new IllegalArgumentException(node.name() + ": input " + input + " is not a scalar float Constant");
    }
    return t.floats()[0];
  }

  /** The encoder's shape and constants. */
  public Config config() {
    return config;
  }

  /** Canonical names, embeddings first, then layer by layer. */
  public List<String> names() {
    return List.copyOf(values.keySet());
  }

  /** The dims of parameter {@code name}. */
  public long[] shape(String name) {
    values(name);
    return shape(config, name);
  }

  /**
   * The stored row-major values of {@code name} (not a copy: do not modify).
   *
   * @throws IllegalArgumentException if there is no such parameter
   */
  public float[] values(String name) {
    float[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return v;
  }

  /**
   * For weights read from ONNX, the initializer each canonical name was read from (the same name, or
   * {@code onnx::MatMul_NNN} for the dense weights); empty otherwise.
   */
  public Map<String, String> onnxNames() {
    return onnxNames;
  }

  /** For weights read from ONNX, the lower-case hex SHA-256 of the model bytes; null otherwise. */
  public String sha256() {
    return sha256;
  }

  /**
   * A copy of an ONNX export of this kind (as {@link #fromOnnx} reads) with the values of some
   * parameters replaced: each initializer's bytes are overwritten in place, so the graph, the
   * names and the file length stay as they were. Used to run a fine-tuned encoder in ONNX Runtime.
   *
   * @param model the export's bytes; not modified
   * @param replace new row-major values by canonical name ({@link #names(Config)}); not modified
   * @return the new model bytes
   * @throws IllegalArgumentException if the bytes are not such an export, a name is not one of its
   *     parameters, a value count does not match, a value is not finite, or an initializer does not
   *     keep its floats in one contiguous range (then it cannot be replaced in place)
   */
  public static byte[] withReplacedInitializers(byte[] model, Map<String, float[]> replace) {
    Objects.requireNonNull(replace, "replace");
    OnnxGraphReader.Graph graph = OnnxGraphReader.read(model);
    Map<String, String> onnxNames = canonicalNames(graph);
    Map<String, OnnxGraphReader.Tensor> inits = graph.initializers();
    byte[] out = model.clone();
    for (Map.Entry<String, float[]> e : replace.entrySet()) {
      String onnxName = onnxNames.get(e.getKey());
      if (onnxName == null) {
        throw new IllegalArgumentException("no parameter " + e.getKey() + " in the ONNX model");
      }
      OnnxGraphReader.Tensor t = inits.get(onnxName);
      float[] v = e.getValue();
      if (v.length != t.size()) {
        throw new IllegalArgumentException("parameter " + e.getKey() + " has " + v.length + " values, the model's "
            + onnxName + " has " + t.size());
      }
      if (t.dataType() != OnnxGraphReader.FLOAT || t.dataOffset() < 0 || t.dataLength() != 4L * v.length) {
        throw new IllegalArgumentException("initializer " + onnxName + " (" + e.getKey()
            + ") does not keep its floats in one range; it cannot be replaced in place");
      }
      java.nio.FloatBuffer fb = java.nio.ByteBuffer.wrap(out, t.dataOffset(), t.dataLength())
          .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      for (float f : v) {
        if (!Float.isFinite(f)) {
          throw new IllegalArgumentException("parameter " + e.getKey() + " holds a non-finite value");
        }
      }
      fb.put(v);
    }
    return out;
  }
}
