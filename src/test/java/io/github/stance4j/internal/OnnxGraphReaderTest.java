package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OnnxGraphReader} on hand-made protobuf bytes, and its refusals. */
class OnnxGraphReaderTest {

  /** Writes protobuf wire format, enough to make small ONNX models in tests. */
  static final class Pb {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void raw(long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    Pb varint(int field, long v) {
      raw((long) field << 3);
      raw(v);
      return this;
    }

    Pb bytes(int field, byte[] b) {
      raw((long) field << 3 | 2);
      raw(b.length);
      out.writeBytes(b);
      return this;
    }

    Pb string(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Pb message(int field, Pb m) {
      return bytes(field, m.build());
    }

    Pb fixed32(int field, int v) {
      raw((long) field << 3 | 5);
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
      return this;
    }

    Pb key(int field, int wire) {
      raw((long) field << 3 | wire);
      return this;
    }

    byte[] build() {
      return out.toByteArray();
    }
  }

  /** A FLOAT TensorProto with packed dims and raw_data. */
  static Pb tensor(String name, long[] dims, float[] values) {
    Pb t = new Pb();
    Pb d = new Pb();
    for (long x : dims) {
      d.raw(x);
    }
    t.bytes(1, d.build()).varint(2, OnnxGraphReader.FLOAT).string(8, name);
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return t.bytes(9, b.array());
  }

  static Pb node(String name, String op, List<String> inputs, List<String> outputs) {
    Pb n = new Pb();
    for (String i : inputs) {
      n.string(1, i);
    }
    for (String o : outputs) {
      n.string(2, o);
    }
    return n.string(3, name).string(4, op);
  }

  /** A Constant node with a scalar float {@code value} attribute. */
  static Pb constant(String name, String output, float value) {
    Pb attr = new Pb().string(1, "value").message(5, tensor("", new long[0], new float[] {value})).varint(20, 4);
    return node(name, "Constant", List.of(), List.of(output)).message(5, attr);
  }

  static byte[] model(Pb graph) {
    return new Pb().varint(1, 8).string(2, "test").message(7, graph).build();
  }

  @Test
  void readsInitializersNodesAndConstants() {
    Pb g = new Pb()
        .message(1, constant("/c", "c_out", 2.5f))
        .message(1, node("/m", "MatMul", List.of("x", "w"), List.of("y")).string(6, "a doc string"))
        .string(2, "graph name")
        .message(5, tensor("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    OnnxGraphReader.Graph graph = OnnxGraphReader.read(model(g));
    assertEquals(2, graph.nodes().size());
    OnnxGraphReader.Node m = graph.nodes().get(1);
    assertEquals("/m", m.name());
    assertEquals("MatMul", m.opType());
    assertEquals(List.of("x", "w"), m.inputs());
    assertEquals(List.of("y"), m.outputs());
    assertEquals("/c", graph.producer("c_out").name());
    assertEquals(2.5f, graph.producer("c_out").tensors().get("value").floats()[0]);
    OnnxGraphReader.Tensor w = graph.initializers().get("w");
    assertArrayEquals(new long[] {2, 3}, w.dims());
    assertEquals(6, w.size());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.floats());
  }

  @Test
  void readsUnpackedDimsAndFloatDataAndInt64Data() {
    Pb t = new Pb().varint(1, 2).varint(1, 1).varint(2, OnnxGraphReader.FLOAT).string(8, "f")
        .fixed32(4, Float.floatToIntBits(1.5f)).fixed32(4, Float.floatToIntBits(-2f));
    Pb packed = new Pb();
    packed.raw(3);
    packed.raw(0);
    packed.raw(511);
    Pb l = new Pb().varint(1, 3).varint(2, OnnxGraphReader.INT64).string(8, "l").bytes(7, packed.build());
    OnnxGraphReader.Graph graph = OnnxGraphReader.read(model(new Pb().message(5, t).message(5, l)));
    assertArrayEquals(new float[] {1.5f, -2f}, graph.initializers().get("f").floats());
    assertArrayEquals(new long[] {3, 0, 511}, graph.initializers().get("l").longs());
  }

  @Test
  void readsTheBundledModel() {
    OnnxGraphReader.Graph g = OnnxGraphReader.read(MiniLmEncoder.modelBytes());
    assertEquals(637, g.nodes().size());
    assertEquals(102, g.initializers().size());
    long[] positions = g.initializers().get("embeddings.position_ids").longs();
    assertEquals(512, positions.length);
    assertEquals(511, positions[511]);
    assertArrayEquals(new long[] {30522, 384}, g.initializers().get("embeddings.word_embeddings.weight").dims());
  }

  private static String refusal(byte[] bytes) {
    return assertThrows(IllegalArgumentException.class, () -> OnnxGraphReader.read(bytes)).getMessage();
  }

  @Test
  void refusesWhatItCannotRead() {
    assertEquals("not an ONNX model: no graph (ModelProto field 7) in 0 bytes", refusal(new byte[0]));
    assertEquals("not an ONNX model: no graph (ModelProto field 7) in 5 bytes",
        refusal(new Pb().varint(1, 8).string(2, "x").build()));

    byte[] whole = model(new Pb().message(5, tensor("w", new long[] {2}, new float[] {1, 2})));
    String cut = refusal(Arrays.copyOf(whole, whole.length - 3));
    assertTrue(cut.startsWith("not a well-formed ONNX model: length "), cut);
    assertTrue(cut.contains("runs past the end") && cut.contains("in ModelProto"), cut);

    byte[] group = new Pb().key(3, 3).build();
    assertEquals("not a well-formed ONNX model: group wire type 3 (field 3), not used by ONNX in ModelProto at byte 1",
        refusal(group));
    byte[] longVarint = new byte[] {8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
    assertTrue(refusal(longVarint).contains("varint longer than 10 bytes"));

    Pb external = new Pb().varint(1, 2).varint(2, 1).string(8, "big").message(13, new Pb().string(1, "location"));
    assertEquals("tensor big keeps its data in an external file (TensorProto field 13); not supported",
        refusal(model(new Pb().message(5, external))));
    Pb located = new Pb().varint(1, 2).varint(2, 1).string(8, "big").varint(14, 1);
    assertEquals("tensor big has data_location 1 (TensorProto field 14); only DEFAULT (0) is supported",
        refusal(model(new Pb().message(5, located))));
    Pb segmented = new Pb().string(8, "s").message(3, new Pb().varint(1, 0));
    assertEquals("tensor s is segmented (TensorProto field 3); not supported", refusal(model(new Pb().message(5, segmented))));
    assertEquals("sparse initializers (GraphProto field 15) are not supported",
        refusal(model(new Pb().message(15, new Pb()))));
    assertEquals("two initializers are named w", refusal(model(new Pb()
        .message(5, tensor("w", new long[] {1}, new float[] {1}))
        .message(5, tensor("w", new long[] {1}, new float[] {2})))));
  }

  @Test
  void refusesValuesThatDoNotFitTheirDims() {
    OnnxGraphReader.Tensor t = OnnxGraphReader.read(model(new Pb()
        .message(5, tensor("w", new long[] {2, 2}, new float[] {1, 2, 3})))).initializers().get("w");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, t::floats);
    assertEquals("tensor w holds 3 values but its dims [2, 2] need 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, t::longs);
    assertEquals("tensor w has data type 1, expected INT64 (7)", e.getMessage());
    OnnxGraphReader.Tensor odd = OnnxGraphReader.read(model(new Pb().message(5, new Pb().varint(1, 1)
        .varint(2, OnnxGraphReader.FLOAT).string(8, "odd").bytes(9, new byte[] {1, 2, 3}))))
        .initializers().get("odd");
    e = assertThrows(IllegalArgumentException.class, odd::floats);
    assertEquals("tensor odd has 3 bytes of data, expected 1 values of 4 bytes", e.getMessage());
    OnnxGraphReader.Tensor half = OnnxGraphReader.read(model(new Pb().message(5, new Pb().varint(1, 1)
        .varint(2, 10).string(8, "half").bytes(9, new byte[] {1, 2}))))
        .initializers().get("half");
    e = assertThrows(IllegalArgumentException.class, half::floats);
    assertEquals("tensor half has data type 10, expected FLOAT (1)", e.getMessage());
  }
}
