package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class EncoderDeltaTest {

  private static final MiniLmWeights.Config C = MiniLmWeights.Config.MINILM_L6;
  private static final String BIAS = MiniLmWeights.layer(5, MiniLmWeights.QUERY_BIAS);
  private static final String NORM = MiniLmWeights.layer(4, MiniLmWeights.OUTPUT_NORM_WEIGHT);

  @Test
  void halfRoundingMatchesNd4jsCast() {
    Random r = new Random(7);
    float[] v = new float[20000];
    for (int i = 0; i < v.length; i++) {
      // magnitudes from 1e-9 (below the smallest subnormal) to 6e4, both signs
      v[i] = (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(10, -9 + 13.7 * r.nextDouble()));
    }
    v[0] = 0f;
    v[1] = 65504f;
    v[2] = 6.1035156e-5f; // smallest normal
    v[3] = 5.9604645e-8f; // smallest subnormal
    v[4] = 2.9802322e-8f; // half of it: ties to even, 0
    float[] nd4j = Nd4j.createFromArray(v).castTo(DataType.HALF).castTo(DataType.FLOAT).toFloatVector();
    assertArrayEquals(nd4j, EncoderDelta.round(v, EncoderDelta.Precision.FLOAT16));
    assertEquals(0f, EncoderDelta.round(new float[] {v[4]}, EncoderDelta.Precision.FLOAT16)[0]);
  }

  @Test
  void roundTripsInBothPrecisions() {
    Random r = new Random(3);
    float[] bias = new float[384];
    float[] norm = new float[384];
    for (int i = 0; i < 384; i++) {
      bias[i] = (float) r.nextGaussian();
      norm[i] = 1 + 0.01f * (float) r.nextGaussian();
    }
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put(BIAS, bias);
    m.put(NORM, norm);
    Map<String, float[]> exact = EncoderDelta.read(EncoderDelta.write(m, EncoderDelta.Precision.FLOAT32), C);
    assertEquals(m.keySet(), exact.keySet());
    assertArrayEquals(bias, exact.get(BIAS));
    Map<String, float[]> half = EncoderDelta.read(EncoderDelta.write(m, EncoderDelta.Precision.FLOAT16), C);
    assertArrayEquals(EncoderDelta.round(norm, EncoderDelta.Precision.FLOAT16), half.get(NORM));
    assertTrue(!Arrays.equals(norm, half.get(NORM)), "float16 rounds");
    assertEquals(16 + (2 + BIAS.length() + 4 + 2 * 384) + (2 + NORM.length() + 4 + 2 * 384),
        EncoderDelta.write(m, EncoderDelta.Precision.FLOAT16).length);
  }

  @Test
  void refusesWhatDoesNotFit() {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put(BIAS, new float[383]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EncoderDelta.read(EncoderDelta.write(m, EncoderDelta.Precision.FLOAT32), C));
    assertTrue(e.getMessage().contains("has 383 values, expected 384"), e.getMessage());
    Map<String, float[]> unknown = Map.of("encoder.layer.6.attention.self.query.bias", new float[384]);
    e = assertThrows(IllegalArgumentException.class,
        () -> EncoderDelta.read(EncoderDelta.write(unknown, EncoderDelta.Precision.FLOAT32), C));
    assertTrue(e.getMessage().contains("unknown encoder parameter"), e.getMessage());
    byte[] ok = EncoderDelta.write(Map.of(BIAS, new float[384]), EncoderDelta.Precision.FLOAT16);
    e = assertThrows(IllegalArgumentException.class, () -> EncoderDelta.read(Arrays.copyOf(ok, ok.length - 1), C));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EncoderDelta.read(Arrays.copyOf(ok, ok.length + 1), C));
    assertTrue(e.getMessage().contains("after the last tensor"), e.getMessage());
    float[] big = new float[384];
    big[0] = 70000f;
    e = assertThrows(IllegalArgumentException.class, () -> EncoderDelta.write(Map.of(BIAS, big), EncoderDelta.Precision.FLOAT16));
    assertTrue(e.getMessage().contains("beyond binary16"), e.getMessage());
  }
}
