package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.stance4j.internal.MiniLmWeights.Config;
import io.github.stance4j.internal.OnnxGraphReaderTest.Pb;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MiniLmWeights}: the initializer mapping of the bundled ONNX file (pinned), the shape and
 * constants read from its graph, and the mapping rules and refusals on small hand-made exports.
 */
class MiniLmWeightsTest {

  private static MiniLmWeights bundled;

  @BeforeAll
  static void load() {
    bundled = MiniLmWeights.load();
  }

  @AfterAll
  static void release() {
    bundled = null; // about 90 MB of heap; surefire runs later classes in this JVM
  }

  @Test
  void bundledModelShapeAndConstants() {
    assertEquals(Config.MINILM_L6, bundled.config());
    assertEquals(9.99999996e-13, bundled.config().layerNormEpsilon(), 1e-20);
    assertEquals(32, bundled.config().headSize());
    assertEquals("759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e", bundled.sha256());
    assertEquals(5 + 16 * 6, bundled.names().size());
    assertArrayEquals(new long[] {384, 1536}, bundled.shape(MiniLmWeights.layer(3, MiniLmWeights.INTERMEDIATE_WEIGHT)));
  }

  /** The table in the MiniLmWeights Javadoc, found by reading the graph's MatMul nodes. */
  @Test
  void bundledModelInitializerNames() {
    Map<String, String> names = bundled.onnxNames();
    assertEquals(101, names.size());
    for (int l = 0; l < 6; l++) {
      int n = 787 + 13 * l;
      assertEquals("onnx::MatMul_" + n, names.get(MiniLmWeights.layer(l, MiniLmWeights.QUERY_WEIGHT)));
      assertEquals("onnx::MatMul_" + (n + 1), names.get(MiniLmWeights.layer(l, MiniLmWeights.KEY_WEIGHT)));
      assertEquals("onnx::MatMul_" + (n + 4), names.get(MiniLmWeights.layer(l, MiniLmWeights.VALUE_WEIGHT)));
      assertEquals("onnx::MatMul_" + (n + 10), names.get(MiniLmWeights.layer(l, MiniLmWeights.ATTENTION_OUTPUT_WEIGHT)));
      assertEquals("onnx::MatMul_" + (n + 11), names.get(MiniLmWeights.layer(l, MiniLmWeights.INTERMEDIATE_WEIGHT)));
      assertEquals("onnx::MatMul_" + (n + 12), names.get(MiniLmWeights.layer(l, MiniLmWeights.OUTPUT_WEIGHT)));
      for (String s : List.of(MiniLmWeights.QUERY_BIAS, MiniLmWeights.ATTENTION_NORM_WEIGHT, MiniLmWeights.OUTPUT_NORM_BIAS)) {
        assertEquals(MiniLmWeights.layer(l, s), names.get(MiniLmWeights.layer(l, s)));
      }
    }
    assertEquals(MiniLmWeights.WORD_EMBEDDINGS, names.get(MiniLmWeights.WORD_EMBEDDINGS));
    // Spot values as float bits (read once with a separate wire-format dump of the file), so that
    // another reading of raw_data (byte order, offset, row order) cannot pass.
    float[] word = bundled.values(MiniLmWeights.WORD_EMBEDDINGS);
    assertEquals(0xbc90568e, Float.floatToRawIntBits(word[101 * 384])); // [CLS], dimension 0
    assertEquals(0xbbf90e08, Float.floatToRawIntBits(word[101 * 384 + 1]));
    float[] query0 = bundled.values(MiniLmWeights.layer(0, MiniLmWeights.QUERY_WEIGHT));
    assertEquals(0x3d1354eb, Float.floatToRawIntBits(query0[1]));   // [in 0, out 1]
    assertEquals(0x3d328156, Float.floatToRawIntBits(query0[384])); // [in 1, out 0]
    float[] lastBias = bundled.values(MiniLmWeights.layer(5, MiniLmWeights.OUTPUT_NORM_BIAS));
    assertEquals(0x3d876c04, Float.floatToRawIntBits(lastBias[383]));
  }

  /** Random weights: N(0, std) everywhere, layer-norm gains 1 + N(0, std / 2). */
  static MiniLmWeights random(Config c, long seed, double std) {
    Random r = new Random(seed);
    Map<String, float[]> v = new LinkedHashMap<>();
    for (String name : MiniLmWeights.names(c)) {
      long n = 1;
      for (long d : MiniLmWeights.shape(c, name)) {
        n *= d;
      }
      float[] a = new float[(int) n];
      boolean gain = name.endsWith("LayerNorm.weight");
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (gain ? 1 + r.nextGaussian() * std / 2 : r.nextGaussian() * std);
      }
      v.put(name, a);
    }
    return MiniLmWeights.of(c, v);
  }

  /** A hand-made export of the same form as the bundled one, for a small {@link Config}. */
  static final class Export {
    final Config config;
    final MiniLmWeights weights;
    final List<Pb> nodes = new ArrayList<>();
    final Map<String, Pb> initializers = new LinkedHashMap<>();

    Export(Config c) {
      config = c;
      weights = random(c, 1, 0.5);
      int anonymous = 100;
      for (String name : weights.names()) {
        String module = MODULES.get(name.replaceFirst("encoder\\.layer\\.\\d+\\.", ""));
        String stored = name;
        if (module != null && name.startsWith("encoder.layer.")) {
          String layer = name.split("\\.")[2];
          stored = "onnx::MatMul_" + anonymous++;
          nodes.add(OnnxGraphReaderTest.node("/encoder/layer." + layer + "/" + module + "/MatMul", "MatMul",
              List.of("in" + anonymous, stored), List.of("out" + anonymous)));
        }
        initializers.put(name, OnnxGraphReaderTest.tensor(stored, weights.shape(name), weights.values(name)));
      }
      layerNorm("/embeddings/LayerNorm", (float) c.layerNormEpsilon());
      for (int l = 0; l < c.layers(); l++) {
        String p = "/encoder/layer." + l;
        nodes.add(OnnxGraphReaderTest.constant(p + "/attention/self/Constant_12", p + "/scale",
            (float) Math.sqrt(c.headSize())));
        nodes.add(OnnxGraphReaderTest.node(p + "/attention/self/Div", "Div", List.of(p + "/scores", p + "/scale"),
            List.of(p + "/scaled")));
        nodes.add(OnnxGraphReaderTest.node(p + "/intermediate/intermediate_act_fn/Erf", "Erf", List.of(p + "/a"),
            List.of(p + "/erf")));
        layerNorm(p + "/attention/output/LayerNorm", (float) c.layerNormEpsilon());
        layerNorm(p + "/output/LayerNorm", (float) c.layerNormEpsilon());
      }
    }

    void layerNorm(String prefix, float eps) {
      nodes.add(OnnxGraphReaderTest.constant(prefix + "/Constant_1", prefix + "/eps", eps));
      nodes.add(OnnxGraphReaderTest.node(prefix + "/Add", "Add", List.of(prefix + "/var", prefix + "/eps"),
          List.of(prefix + "/var_eps")));
    }

    byte[] bytes() {
      Pb g = new Pb();
      nodes.forEach(n -> g.message(1, n));
      initializers.values().forEach(t -> g.message(5, t));
      return OnnxGraphReaderTest.model(g);
    }

    private static final Map<String, String> MODULES = Map.of(
        MiniLmWeights.QUERY_WEIGHT, "attention/self/query",
        MiniLmWeights.KEY_WEIGHT, "attention/self/key",
        MiniLmWeights.VALUE_WEIGHT, "attention/self/value",
        MiniLmWeights.ATTENTION_OUTPUT_WEIGHT, "attention/output/dense",
        MiniLmWeights.INTERMEDIATE_WEIGHT, "intermediate/dense",
        MiniLmWeights.OUTPUT_WEIGHT, "output/dense");
  }

  private static final Config SMALL = new Config(20, 8, 2, 16, 2, 8, 2, (double) 1e-12f);

  @Test
  void readsASmallExportBackToItsWeights() {
    Export e = new Export(SMALL);
    MiniLmWeights read = MiniLmWeights.fromOnnx(e.bytes());
    assertEquals(SMALL, read.config());
    assertEquals(e.weights.names(), read.names());
    for (String name : e.weights.names()) {
      assertArrayEquals(e.weights.values(name), read.values(name), name);
    }
    assertEquals("onnx::MatMul_100", read.onnxNames().get(MiniLmWeights.layer(0, MiniLmWeights.QUERY_WEIGHT)));
    // A dense weight under its state-dict name is taken too, when a MatMul node of its module multiplies by it.
    Export named = new Export(SMALL);
    String key = MiniLmWeights.layer(1, MiniLmWeights.KEY_WEIGHT);
    named.initializers.put(key, OnnxGraphReaderTest.tensor(key, new long[] {8, 8}, e.weights.values(key)));
    named.nodes.removeIf(n -> new String(n.build(), java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains("/encoder/layer.1/attention/self/key/MatMul"));
    named.nodes.add(OnnxGraphReaderTest.node("/encoder/layer.1/attention/self/key/MatMul", "MatMul",
        List.of("x", key), List.of("y")));
    MiniLmWeights readNamed = MiniLmWeights.fromOnnx(named.bytes());
    assertEquals(key, readNamed.onnxNames().get(key));
    assertArrayEquals(e.weights.values(key), readNamed.values(key));
    assertEquals(64, read.sha256().length());
  }

  private static String refusal(Export e) {
    return assertThrows(IllegalArgumentException.class, () -> MiniLmWeights.fromOnnx(e.bytes())).getMessage();
  }

  @Test
  void refusesExportsOfAnotherForm() {
    Export e = new Export(SMALL);
    e.nodes.add(OnnxGraphReaderTest.node("/pooler/dense/MatMul", "MatMul", List.of("x", "onnx::MatMul_100"),
        List.of("y")));
    assertEquals("MatMul node /pooler/dense/MatMul multiplies by initializer onnx::MatMul_100, which is not one of"
        + " a BERT layer's six dense weights", refusal(e));

    e = new Export(SMALL);
    e.nodes.add(OnnxGraphReaderTest.node("/encoder/layer.0/attention/self/query/MatMul", "MatMul",
        List.of("x", "onnx::MatMul_101"), List.of("y")));
    assertEquals("two initializers hold encoder.layer.0.attention.self.query.weight: onnx::MatMul_100 and"
        + " onnx::MatMul_101", refusal(e));

    e = new Export(SMALL);
    String query = MiniLmWeights.layer(1, MiniLmWeights.QUERY_WEIGHT);
    e.initializers.put(query, OnnxGraphReaderTest.tensor(query, new long[] {8, 8}, new float[64]));
    assertEquals("initializer encoder.layer.1.attention.self.query.weight is not the second input of a MatMul node"
        + " named for it, so its layout is unknown", refusal(e));

    e = new Export(SMALL);
    e.nodes.removeIf(n -> new String(n.build(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("/Erf"));
    assertEquals("layer 0 has no Erf node under /encoder/layer.0/intermediate/: not the exact GELU", refusal(e));

    e = new Export(SMALL);
    e.nodes.add(OnnxGraphReaderTest.node("/encoder/layer.1/intermediate/intermediate_act_fn/Tanh", "Tanh",
        List.of("a"), List.of("b")));
    assertEquals("/encoder/layer.1/intermediate/intermediate_act_fn/Tanh: layer 1 uses the tanh approximation of GELU;"
        + " the graph builder implements the exact erf form only", refusal(e));

    e = new Export(SMALL);
    e.layerNorm("/encoder/layer.9/output/LayerNorm", 1e-5f);
    assertEquals("layer norms differ in epsilon: " + (double) 1e-12f + " and " + (double) 1e-5f, refusal(e));

    e = new Export(SMALL);
    e.nodes.add(OnnxGraphReaderTest.constant("/encoder/layer.1/attention/self/Constant_13", "odd", 3f));
    e.nodes.add(OnnxGraphReaderTest.node("/encoder/layer.1/attention/self/Div", "Div", List.of("s", "odd"),
        List.of("t")));
    assertEquals("/encoder/layer.1/attention/self/Div divides the attention scores by 3.0, not the square root of a"
        + " head size that divides 8", refusal(e));

    e = new Export(SMALL);
    e.initializers.remove(MiniLmWeights.layer(1, MiniLmWeights.OUTPUT_NORM_BIAS));
    assertEquals("the model has no initializer for encoder.layer.1.output.LayerNorm.bias", refusal(e));

    e = new Export(SMALL);
    e.initializers.put(MiniLmWeights.TOKEN_TYPE_EMBEDDINGS, OnnxGraphReaderTest.tensor(
        MiniLmWeights.TOKEN_TYPE_EMBEDDINGS, new long[] {2, 7}, new float[14]));
    assertEquals("initializer embeddings.token_type_embeddings.weight (embeddings.token_type_embeddings.weight) has"
        + " dims [2, 7], expected [2, 8]", refusal(e));

    e = new Export(SMALL);
    e.initializers.put("encoder.layer.2.output.dense.bias", OnnxGraphReaderTest.tensor(
        "encoder.layer.2.output.dense.bias", new long[] {8}, new float[8]));
    assertEquals("unexpected initializer encoder.layer.2.output.dense.bias (encoder.layer.2.output.dense.bias)"
        + " beyond 2 layers", refusal(e));
  }

  @Test
  void ofChecksNamesAndSizes() {
    Config c = SMALL;
    Map<String, float[]> v = new LinkedHashMap<>();
    for (String name : MiniLmWeights.names(c)) {
      long n = 1;
      for (long d : MiniLmWeights.shape(c, name)) {
        n *= d;
      }
      v.put(name, new float[(int) n]);
    }
    MiniLmWeights w = MiniLmWeights.of(c, v);
    assertEquals(Map.of(), w.onnxNames());
    assertNull(w.sha256());

    Map<String, float[]> missing = new LinkedHashMap<>(v);
    missing.remove(MiniLmWeights.POSITION_EMBEDDINGS);
    assertEquals("missing parameter embeddings.position_embeddings.weight",
        assertThrows(IllegalArgumentException.class, () -> MiniLmWeights.of(c, missing)).getMessage());
    Map<String, float[]> extra = new LinkedHashMap<>(v);
    extra.put("pooler.dense.weight", new float[64]);
    assertEquals("unexpected parameter pooler.dense.weight",
        assertThrows(IllegalArgumentException.class, () -> MiniLmWeights.of(c, extra)).getMessage());
    Map<String, float[]> wrong = new LinkedHashMap<>(v);
    wrong.put(MiniLmWeights.layer(1, MiniLmWeights.OUTPUT_WEIGHT), new float[16 * 8 - 1]);
    assertEquals("parameter encoder.layer.1.output.dense.weight has 127 values, expected [16, 8]",
        assertThrows(IllegalArgumentException.class, () -> MiniLmWeights.of(c, wrong)).getMessage());
    assertEquals("9 heads do not divide hidden width 8",
        assertThrows(IllegalArgumentException.class, () -> new Config(20, 8, 9, 16, 2, 8, 2, 0)).getMessage());
    assertEquals("not a parameter of a 2-layer model: encoder.layer.2.output.dense.bias",
        assertThrows(IllegalArgumentException.class, () -> MiniLmWeights.shape(c, "encoder.layer.2.output.dense.bias"))
            .getMessage());
  }
}
