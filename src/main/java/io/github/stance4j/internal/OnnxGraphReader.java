package io.github.stance4j.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal reader of the ONNX protobuf format ({@code onnx.proto}, wire format only), enough to take
 * the weights out of an exported model without a protobuf or ONNX dependency: the graph's
 * initializers ({@code ModelProto.graph -> GraphProto.initializer -> TensorProto}) and its nodes
 * (name, op type, inputs, outputs and tensor-valued attributes, such as the value of a
 * {@code Constant} node). Internal.
 *
 * <p><b>What is read.</b> {@code ModelProto} field 7 (graph); {@code GraphProto} fields 1 (node) and
 * 5 (initializer); {@code NodeProto} fields 1 (input), 2 (output), 3 (name), 4 (op_type) and 5
 * (attribute, of which only name (1) and t (5) are kept); {@code TensorProto} fields 1 (dims, packed
 * or not), 2 (data_type), 4 (float_data, packed or not), 7 (int64_data, packed or not), 8 (name) and
 * 9 (raw_data, little-endian). Every other field is skipped by its wire type.
 *
 * <p><b>What is refused</b>, with an {@link IllegalArgumentException} that says what and where:
 * bytes that are not well-formed protobuf (a length past the end, a varint longer than 10 bytes, the
 * deprecated group wire types 3 and 4, an unknown wire type); a model without a graph; tensors with
 * {@code segment} (3) or external data ({@code external_data} 13, {@code data_location} 14 =
 * EXTERNAL); sparse initializers ({@code GraphProto} field 15); negative dimensions; a tensor whose
 * data size does not match its dimensions. Data types other than FLOAT (1) and INT64 (7) are read
 * (name, type, dims) but their values are not decoded: {@link Tensor#floats()} and
 * {@link Tensor#longs()} refuse them.
 *
 * <p><b>Threads.</b> The result is immutable apart from the arrays it hands out, which are copies
 * decoded on each call; instances can be shared. Reading holds on to the model bytes until the
 * returned {@link Graph} is unreachable.
 */
public final class OnnxGraphReader {

  /** {@code TensorProto.DataType.FLOAT}. */
  public static final int FLOAT = 1;
  /** {@code TensorProto.DataType.INT64}. */
  public static final int INT64 = 7;

  private OnnxGraphReader() {}

  /** An ONNX graph: its nodes in file order and its initializers by name. */
  public record Graph(List<Node> nodes, Map<String, Tensor> initializers) {
    public Graph {
      nodes = List.copyOf(nodes);
      initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    }

    /** The node whose outputs include {@code output}, or null. */
    public Node producer(String output) {
      for (Node n : nodes) {
        if (n.outputs().contains(output)) {
          return n;
        }
      }
      return null;
    }
  }

  /** A graph node; {@code tensors} holds its tensor-valued attributes by attribute name. */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs,
      Map<String, Tensor> tensors) {
    public Node {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
      tensors = Map.copyOf(tensors);
    }
  }

  /**
   * A tensor: its name, {@code data_type}, dims, and its values still in the model bytes.
   * {@link #floats()} and {@link #longs()} decode a fresh copy on each call.
   */
  public static final class Tensor {
    private final String name;
    private final int dataType;
    private final long[] dims;
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final float[] unpackedFloats;
    private final long[] unpackedLongs;

    private Tensor(String name, int dataType, long[] dims, byte[] bytes, int offset, int length,
        float[] unpackedFloats, long[] unpackedLongs) {
      this.name = name;
      this.dataType = dataType;
      this.dims = dims;
      this.bytes = bytes;
      this.offset = offset;
      this.length = length;
      this.unpackedFloats = unpackedFloats;
      this.unpackedLongs = unpackedLongs;
    }

    /** The tensor's name (empty for an unnamed attribute tensor). */
    public String name() {
      return name;
    }

    /** {@code TensorProto.DataType} code: {@link #FLOAT}, {@link #INT64}, ... */
    public int dataType() {
      return dataType;
    }

    /** A copy of the dims; empty for a scalar. */
    public long[] dims() {
      return dims.clone();
    }

    /** Number of elements: the product of the dims (1 for a scalar). */
    public long size() {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      return n;
    }

    /**
     * Where the tensor's values lie in the model bytes, as little-endian values back to back
     * ({@code raw_data}, or packed {@code float_data}/{@code int64_data}): the offset of the first
     * byte, or -1 when they were stored as separate fields (then there is no such range).
     */
    public int dataOffset() {
      return unpackedFloats == null && unpackedLongs == null && bytes != null ? offset : -1;
    }

    /** The byte length of the range at {@link #dataOffset()}, or 0 when there is none. */
    public int dataLength() {
      return dataOffset() < 0 ? 0 : length;
    }

    /**
     * The values of a FLOAT tensor, row-major.
     *
     * @throws IllegalArgumentException if the tensor is not FLOAT or its data size does not match
     *     its dims
     */
    public float[] floats() {
      if (dataType != FLOAT) {
        throw new IllegalArgumentException("tensor " + name + " has data type " + dataType + ", expected FLOAT (1)");
      }
      float[] out;
      if (unpackedFloats != null) {
        out = unpackedFloats.clone();
      } else {
        checkBytes(4);
        out = new float[length / 4];
        ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      }
      checkCount(out.length);
      return out;
    }

    /**
     * The values of an INT64 tensor, row-major.
     *
     * @throws IllegalArgumentException if the tensor is not INT64 or its data size does not match
     *     its dims
     */
    public long[] longs() {
      if (dataType != INT64) {
        throw new IllegalArgumentException("tensor " + name + " has data type " + dataType + ", expected INT64 (7)");
      }
      long[] out;
      if (unpackedLongs != null) {
        out = unpackedLongs.clone();
      } else {
        checkBytes(8);
        out = new long[length / 8];
        ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
      }
      checkCount(out.length);
      return out;
    }

    private void checkBytes(int width) {
      if (bytes == null || length % width != 0) {
        throw new IllegalArgumentException("tensor " + name + " has " + (bytes == null ? "no" : length + " bytes of")
            + " data, expected " + size() + " values of " + width + " bytes");
      }
    }

    private void checkCount(int count) {
      if (count != size()) {
        throw new IllegalArgumentException("tensor " + name + " holds " + count + " values but its dims "
            + Arrays.toString(dims) + " need " + size());
      }
    }

    @Override
    public String toString() {
      return name + Arrays.toString(dims) + " type " + dataType;
    }
  }

  /**
   * Reads the graph of a serialized {@code ModelProto}.
   *
   * @param model the model file's bytes; kept (not copied) by the result, so not to be modified
   * @throws IllegalArgumentException if the bytes are not a model this reader accepts (see the class
   *     description); the message names the problem and, where there is one, the tensor
   */
  public static Graph read(byte[] model) {
    Cursor c = new Cursor(model, 0, model.length, "ModelProto");
    int[] graph = null;
    while (c.more()) {
      int key = c.key();
      if (field(key) == 7 && wire(key) == 2) {
        graph = c.bytes();
      } else {
        c.skip(key);
      }
    }
    if (graph == null) {
      throw new IllegalArgumentException("not an ONNX model: no graph (ModelProto field 7) in " + model.length + " bytes");
    }
    return readGraph(model, graph[0], graph[1]);
  }

  private static Graph readGraph(byte[] b, int from, int to) {
    Cursor c = new Cursor(b, from, to, "GraphProto");
    List<Node> nodes = new ArrayList<>();
    Map<String, Tensor> inits = new LinkedHashMap<>();
    while (c.more()) {
      int key = c.key();
      int f = field(key);
      if (f == 1 && wire(key) == 2) {
        int[] r = c.bytes();
        nodes.add(readNode(b, r[0], r[1]));
      } else if (f == 5 && wire(key) == 2) {
        int[] r = c.bytes();
        Tensor t = readTensor(b, r[0], r[1]);
        if (inits.put(t.name(), t) != null) {
          throw new IllegalArgumentException("two initializers are named " + t.name());
        }
      } else if (f == 15) {
        throw new IllegalArgumentException("sparse initializers (GraphProto field 15) are not supported");
      } else {
        c.skip(key);
      }
    }
    return new Graph(nodes, inits);
  }

  private static Node readNode(byte[] b, int from, int to) {
    Cursor c = new Cursor(b, from, to, "NodeProto");
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    String name = "";
    String op = "";
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    while (c.more()) {
      int key = c.key();
      int f = field(key);
      if (wire(key) != 2 || f > 5) {
        c.skip(key);
      } else if (f == 1) {
        in.add(c.string());
      } else if (f == 2) {
        out.add(c.string());
      } else if (f == 3) {
        name = c.string();
      } else if (f == 4) {
        op = c.string();
      } else if (f == 5) {
        int[] r = c.bytes();
        readAttribute(b, r[0], r[1], tensors);
      } else {
        c.skip(key);
      }
    }
    return new Node(name, op, in, out, tensors);
  }

  private static void readAttribute(byte[] b, int from, int to, Map<String, Tensor> tensors) {
    Cursor c = new Cursor(b, from, to, "AttributeProto");
    String name = null;
    Tensor t = null;
    while (c.more()) {
      int key = c.key();
      if (field(key) == 1 && wire(key) == 2) {
        name = c.string();
      } else if (field(key) == 5 && wire(key) == 2) {
        int[] r = c.bytes();
        t = readTensor(b, r[0], r[1]);
      } else {
        c.skip(key);
      }
    }
    if (name != null && t != null) {
      tensors.put(name, t);
    }
  }

  private static Tensor readTensor(byte[] b, int from, int to) {
    Cursor c = new Cursor(b, from, to, "TensorProto");
    List<Long> dims = new ArrayList<>();
    int type = 0;
    String name = "";
    int rawFrom = -1;
    int rawLen = 0;
    int packedFrom = -1;
    int packedLen = 0;
    int packedWidth = 0;
    List<Float> looseFloats = new ArrayList<>();
    List<Long> looseLongs = new ArrayList<>();
    while (c.more()) {
      int key = c.key();
      int f = field(key);
      int w = wire(key);
      switch (f) {
        case 1 -> {
          if (w == 2) {
            int[] r = c.bytes();
            Cursor p = new Cursor(b, r[0], r[1], "TensorProto.dims");
            while (p.more()) {
              dims.add(p.varint());
            }
          } else if (w == 0) {
            dims.add(c.varint());
          } else {
            c.skip(key);
          }
        }
        case 2 -> {
          if (w == 0) {
            type = (int) c.varint();
          } else {
            c.skip(key);
          }
        }
        case 3 -> throw new IllegalArgumentException("tensor " + name + " is segmented (TensorProto field 3); not supported");
        case 4 -> {
          if (w == 2) {
            int[] r = c.bytes();
            packedFrom = r[0];
            packedLen = r[1] - r[0];
            packedWidth = 4;
          } else if (w == 5) {
            looseFloats.add(Float.intBitsToFloat(c.fixed32()));
          } else {
            c.skip(key);
          }
        }
        case 7 -> {
          if (w == 2) {
            int[] r = c.bytes();
            Cursor p = new Cursor(b, r[0], r[1], "TensorProto.int64_data");
            while (p.more()) {
              looseLongs.add(p.varint());
            }
          } else if (w == 0) {
            looseLongs.add(c.varint());
          } else {
            c.skip(key);
          }
        }
        case 8 -> {
          if (w == 2) {
            name = c.string();
          } else {
            c.skip(key);
          }
        }
        case 9 -> {
          if (w == 2) {
            int[] r = c.bytes();
            rawFrom = r[0];
            rawLen = r[1] - r[0];
          } else {
            c.skip(key);
          }
        }
        case 13 -> throw new IllegalArgumentException("tensor " + name + " keeps its data in an external file"
            + " (TensorProto field 13); not supported");
        case 14 -> {
          long loc = w == 0 ? c.varint() : -1;
          if (loc != 0) {
            throw new IllegalArgumentException("tensor " + name + " has data_location " + loc
                + " (TensorProto field 14); only DEFAULT (0) is supported");
          }
        }
        default -> c.skip(key);
      }
    }
    long[] d = new long[dims.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = dims.get(i);
      if (d[i] < 0) {
        throw new IllegalArgumentException("tensor " + name + " has a negative dimension: " + dims);
      }
    }
    if (rawFrom >= 0) {
      return new Tensor(name, type, d, b, rawFrom, rawLen, null, null);
    }
    if (packedFrom >= 0 && looseFloats.isEmpty()) {
      return new Tensor(name, type, d, b, packedFrom, packedLen, null, null);
    }
    if (packedFrom >= 0) {
      throw new IllegalArgumentException("tensor " + name + " mixes packed and unpacked float_data; not supported");
    }
    float[] fl = null;
    if (!looseFloats.isEmpty()) {
      fl = new float[looseFloats.size()];
      for (int i = 0; i < fl.length; i++) {
        fl[i] = looseFloats.get(i);
      }
    } else if (type == FLOAT) {
      fl = new float[0];
    }
    long[] lg = null;
    if (!looseLongs.isEmpty() || type == INT64) {
      lg = looseLongs.stream().mapToLong(Long::longValue).toArray();
    }
    return new Tensor(name, type, d, null, 0, 0, fl, lg);
  }

  private static int field(int key) {
    return key >>> 3;
  }

  private static int wire(int key) {
    return key & 7;
  }

  /** Reads protobuf wire format between two offsets, refusing anything out of bounds. */
  private static final class Cursor {
    private final byte[] b;
    private final int end;
    private final String message;
    private int pos;

    Cursor(byte[] b, int from, int to, String message) {
      this.b = b;
      this.pos = from;
      this.end = to;
      this.message = message;
    }

    boolean more() {
      return pos < end;
    }

    int key() {
      long k = varint();
      if (k <= 0 || k > Integer.MAX_VALUE) {
        throw bad("field key " + k);
      }
      return (int) k;
    }

    long varint() {
      long r = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        if (pos >= end) {
          throw bad("varint runs past the end");
        }
        int x = b[pos++] & 0xff;
        r |= (long) (x & 0x7f) << shift;
        if (x < 0x80) {
          return r;
        }
      }
      throw bad("varint longer than 10 bytes");
    }

    int fixed32() {
      need(4);
      int v = ByteBuffer.wrap(b, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      pos += 4;
      return v;
    }

    /** A length-delimited field: returns {from, to} and moves past it. */
    int[] bytes() {
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw bad("length " + len + " runs past the end (" + (end - pos) + " bytes left)");
      }
      int[] r = {pos, pos + (int) len};
      pos += (int) len;
      return r;
    }

    String string() {
      int[] r = bytes();
      return new String(b, r[0], r[1] - r[0], StandardCharsets.UTF_8);
    }

    void skip(int key) {
      switch (wire(key)) {
        case 0 -> varint();
        case 1 -> {
          need(8);
          pos += 8;
        }
        case 2 -> bytes();
        case 5 -> {
          need(4);
          pos += 4;
        }
        case 3, 4 -> throw bad("group wire type " + wire(key) + " (field " + field(key) + "), not used by ONNX");
        default -> throw bad("unknown wire type " + wire(key) + " (field " + field(key) + ")");
      }
    }

    private void need(int n) {
      if (end - pos < n) {
        throw bad(n + " bytes needed, " + (end - pos) + " left");
      }
    }

    private IllegalArgumentException bad(String what) {
      return new IllegalArgumentException("not a well-formed ONNX model: " + what + " in " + message + " at byte " + pos);
    }
  }
}
