package io.github.stance4j.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code encoder.bin} entry of a fine-tuned model: the encoder parameters that fine-tuning
 * changed, by canonical name ({@link MiniLmWeights}), and nothing else; the unchanged ones come from
 * the encoder on the classpath. Binary, big-endian: magic {@code S4JE}, int version 1, int bits per
 * value (16 or 32), int tensor count, then per tensor its name ({@link DataOutputStream#writeUTF}),
 * int value count and the values (IEEE 754 binary16 or binary32). Names appear once each, in the
 * order written. Stateless and thread-safe. Internal.
 */
public final class EncoderDelta {

  private static final int MAGIC = 0x53344A45; // "S4JE"
  private static final int VERSION = 1;

  /** How the values are stored. */
  public enum Precision {
    /** binary16: half the size; values are rounded to 11 significant bits. */
    FLOAT16(16),
    /** binary32: exact. */
    FLOAT32(32);

    final int bits;

    Precision(int bits) {
      this.bits = bits;
    }
  }

  private EncoderDelta() {}

  /**
   * Encodes named tensors.
   *
   * @throws IllegalArgumentException if a value is not finite, or does not fit binary16 (magnitude
   *     at least 65520) when {@code precision} is {@link Precision#FLOAT16}
   */
  public static byte[] write(Map<String, float[]> tensors, Precision precision) {
    Objects.requireNonNull(tensors, "tensors");
    Objects.requireNonNull(precision, "precision");
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(bos);
      d.writeInt(MAGIC);
      d.writeInt(VERSION);
      d.writeInt(precision.bits);
      d.writeInt(tensors.size());
      for (Map.Entry<String, float[]> e : tensors.entrySet()) {
        d.writeUTF(e.getKey());
        float[] v = e.getValue();
        d.writeInt(v.length);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(v.length * (precision.bits / 8));
        for (float f : v) {
          if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("parameter " + e.getKey() + " holds a non-finite value");
          }
          if (precision == Precision.FLOAT16) {
            short h = toHalf(f);
            if ((h & 0x7c00) == 0x7c00) {
              throw new IllegalArgumentException("parameter " + e.getKey() + " holds " + f + ", beyond binary16");
            }
            bb.putShort(h);
          } else {
            bb.putFloat(f);
          }
        }
        d.write(bb.array());
      }
      d.flush();
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes what {@link #write} wrote, checking every name and size against {@code config}.
   *
   * @throws IllegalArgumentException naming the problem: bad header, an unknown, repeated or
   *     misshapen parameter, a non-finite value, truncated or trailing bytes
   */
  public static Map<String, float[]> read(byte[] bytes, MiniLmWeights.Config config) {
    Objects.requireNonNull(bytes, "bytes");
    Map<String, float[]> out = new LinkedHashMap<>();
    java.util.Set<String> known = new java.util.HashSet<>(MiniLmWeights.names(config));
    try {
      DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes));
      if (bytes.length < 16 || d.readInt() != MAGIC || d.readInt() != VERSION) {
        throw new IllegalArgumentException("no stance4j encoder-weights header (S4JE, version 1)");
      }
      int bits = d.readInt();
      if (bits != 16 && bits != 32) {
        throw new IllegalArgumentException("values of " + bits + " bits; expected 16 or 32");
      }
      int count = d.readInt();
      if (count < 0 || count > known.size()) {
        throw new IllegalArgumentException(count + " tensors; the encoder has " + known.size() + " parameters");
      }
      for (int i = 0; i < count; i++) {
        String name = d.readUTF();
        if (!known.contains(name)) {
          throw new IllegalArgumentException("unknown encoder parameter " + name);
        }
        if (out.containsKey(name)) {
          throw new IllegalArgumentException("parameter " + name + " appears twice");
        }
        long expected = 1;
        for (long s : MiniLmWeights.shape(config, name)) {
          expected *= s;
        }
        int n = d.readInt();
        if (n != expected) {
          throw new IllegalArgumentException("parameter " + name + " has " + n + " values, expected " + expected);
        }
        byte[] raw = new byte[n * (bits / 8)];
        d.readFully(raw);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(raw);
        float[] v = new float[n];
        for (int j = 0; j < n; j++) {
          v[j] = bits == 16 ? fromHalf(bb.getShort()) : bb.getFloat();
          if (!Float.isFinite(v[j])) {
            throw new IllegalArgumentException("parameter " + name + " holds a non-finite value");
          }
        }
        out.put(name, v);
      }
      if (d.available() > 0) {
        throw new IllegalArgumentException(d.available() + " bytes after the last tensor");
      }
    } catch (java.io.EOFException e) {
      throw new IllegalArgumentException("truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The values as {@code precision} stores them: a rounded copy for FLOAT16, a plain copy for FLOAT32. */
  public static float[] round(float[] v, Precision precision) {
    float[] out = v.clone();
    if (precision == Precision.FLOAT16) {
      for (int i = 0; i < out.length; i++) {
        out[i] = fromHalf(toHalf(out[i]));
      }
    }
    return out;
  }

  /**
   * The binary16 nearest to {@code f} (ties to even), as its bits; magnitudes from 65520 up give
   * infinity, NaN stays NaN.
   */
  static short toHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int val = bits & 0x7fffffff;
    if (val > 0x7f800000) {
      return (short) (sign | 0x7e00); // NaN
    }
    if (val >= 0x47800000) {
      return (short) (sign | 0x7c00); // 65536 and up, or infinity
    }
    if (val < 0x33000000) {
      return (short) sign; // below 2^-25: rounds to zero
    }
    int exp = val >>> 23;
    int mant = val & 0x7fffff;
    if (exp < 113) { // a binary16 subnormal: units of 2^-24
      mant |= 0x800000;
      int shift = 126 - exp;
      int h = mant >>> shift;
      int rem = mant & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rem > halfway || (rem == halfway && (h & 1) == 1)) {
        h++;
      }
      return (short) (sign | h);
    }
    int h = ((exp - 112) << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1)) {
      h++; // may carry into the exponent, up to infinity
    }
    return (short) (sign | h);
  }

  /** The float value of binary16 bits. */
  static float fromHalf(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int e = (h >>> 10) & 0x1f;
    int m = h & 0x3ff;
    if (e == 0) {
      float v = Math.scalb((float) m, -24);
      return sign != 0 ? -v : v;
    }
    if (e == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (m << 13));
    }
    return Float.intBitsToFloat(sign | ((e + 112) << 23) | (m << 13));
  }
}
