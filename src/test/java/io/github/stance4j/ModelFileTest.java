package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

  static byte[] good;

  @TempDir
  Path dir;

  @BeforeAll
  static void saveOne() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    TestModels.tiny().save(bos);
    good = bos.toByteArray();
  }

  static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        m.put(e.getName(), in.readAllBytes());
      }
    }
    return m;
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bos)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return bos.toByteArray();
  }

  static byte[] editEntry(String name, UnaryOperator<String> edit) throws IOException {
    Map<String, byte[]> m = entries(good);
    m.put(name, edit.apply(new String(m.get(name), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    return zip(m);
  }

  static String refusal(byte[] bytes) {
    return assertThrows(ModelFormatException.class,
        () -> StanceClassifier.load(new ByteArrayInputStream(bytes))).getMessage();
  }

  @Test
  void goodFileLoads() throws IOException {
    try (StanceClassifier c = StanceClassifier.load(new ByteArrayInputStream(good))) {
      assertEquals(TestModels.tiny().classify("The door is open but not now."), c.classify("The door is open but not now."));
    }
  }

  @Test
  void refusesTruncatedFilesAtEveryCut() {
    for (int cut : new int[] {1, 10, 100, good.length / 4, good.length / 2, good.length - 200, good.length - 1}) {
      byte[] part = java.util.Arrays.copyOf(good, cut);
      String msg = refusal(part);
      assertTrue(msg.startsWith("model stream: "), cut + ": " + msg);
    }
  }

  @Test
  void refusesRandomAndEmptyBytes() {
    Random r = new Random(1);
    for (int n : new int[] {0, 1, 64, 10_000}) {
      byte[] b = new byte[n];
      r.nextBytes(b);
      assertTrue(refusal(b).contains("not a stance4j model"), refusal(b));
    }
  }

  @Test
  void refusesMissingAndExtraEntries() throws IOException {
    Map<String, byte[]> m = entries(good);
    m.remove("manifest.json");
    assertTrue(refusal(zip(m)).contains("entry manifest.json is missing"));
    m = entries(good);
    m.put("evil.ser", new byte[] {1});
    assertTrue(refusal(zip(m)).contains("unexpected entry \"evil.ser\""));
  }

  @Test
  void refusesNewerFormatVersion() throws IOException {
    String msg = refusal(editEntry("manifest.json", s -> s.replace("\"formatVersion\": 5", "\"formatVersion\": 6")));
    assertTrue(msg.contains("model format version 6 is not supported; this stance4j reads versions 1 to 5"), msg);
    assertTrue(msg.contains("upgrade"), msg);
  }

  @Test
  void refusesManifestThatDisagreesWithTheNetwork() throws IOException {
    String msg = refusal(editEntry("manifest.json", s -> s.replace("\"conditional\",", "\"conditional\", \"none\",")));
    assertEquals("model stream: network has 3 outputs, manifest lists 4 labels", msg);
    msg = refusal(editEntry("vocabulary.txt", s -> s + "extraword\n"));
    long words = TestModels.tiny().info().vocabularySize();
    assertEquals("model stream: entry vocabulary.txt holds " + (words + 1) + " words, manifest expects " + words, msg);
    msg = refusal(editEntry("manifest.json", s -> s.replace("\"aid\",", "\"aid\", \"other\",")));
    assertEquals("model stream: network takes 2 targets, manifest lists 3 targets [aid, other, alliance]", msg);
    msg = refusal(editEntry("manifest.json", s -> s.replace("{", "[")));
    assertTrue(msg.contains("manifest.json is not valid JSON"), msg);
    msg = refusal(editEntry("network.json", s -> s.substring(0, s.length() / 2)));
    assertTrue(msg.contains("network.json is not a valid network configuration"), msg);
  }

  /**
   * A fast model with an n-gram path: format 5, its {@code ngrams.bin} checked against the manifest,
   * and the same answers after a save and load.
   */
  @Test
  void ngramPathRoundTripsAndIsChecked() throws IOException {
    StanceClassifier trained = TestModels.tinyNgram();
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    trained.save(bos);
    byte[] file = bos.toByteArray();
    Map<String, byte[]> m = entries(file);
    assertTrue(m.containsKey("ngrams.bin"), m.keySet().toString());
    String manifest = new String(m.get("manifest.json"), StandardCharsets.UTF_8);
    assertTrue(manifest.contains("\"formatVersion\": 5"), manifest);
    assertTrue(manifest.contains("\"ngram\": {"), manifest);
    assertEquals(5, trained.info().formatVersion());
    // No validation split on the tiny corpus: no validation figures for the blend either.
    assertTrue(!trained.info().metrics().containsKey("ngram"), trained.info().metrics().toString());
    try (StanceClassifier back = StanceClassifier.load(new ByteArrayInputStream(file))) {
      for (StanceExample e : TestModels.tinyData().examples()) {
        assertEquals(trained.classify(e.statement(), e.target()), back.classify(e.statement(), e.target()));
      }
    }
    Map<String, byte[]> missing = entries(file);
    missing.remove("ngrams.bin");
    assertTrue(refusal(zip(missing)).contains("describes an n-gram path but entry ngrams.bin is missing"));
    Map<String, byte[]> damaged = entries(file);
    damaged.get("ngrams.bin")[damaged.get("ngrams.bin").length / 2] ^= 0x55;
    assertTrue(refusal(zip(damaged)).contains("entry ngrams.bin is damaged: its SHA-256 does not match the manifest"));
    Map<String, byte[]> stray = entries(good);
    stray.put("ngrams.bin", m.get("ngrams.bin"));
    assertTrue(refusal(zip(stray)).contains("entry ngrams.bin is present but manifest.json has no \"ngram\" field"));
    Map<String, byte[]> weight = entries(file);
    weight.put("manifest.json", manifest.replace("\"weight\": 0.5", "\"weight\": 1.5").getBytes(StandardCharsets.UTF_8));
    assertTrue(refusal(zip(weight)).contains("ngram.weight must be a number in (0, 1), was 1.5"));
  }

  /** The n-gram path changes the answers: the blend is not the network alone. */
  @Test
  void ngramPathTakesPartInEveryAnswer() {
    StanceClassifier withNgrams = TestModels.tinyNgram();
    String s = "The envoy welcomed their request but said it must wait.";
    assertTrue(Math.abs(withNgrams.classify(s).confidence() - TestModels.tiny().classify(s).confidence()) > 1e-3);
    assertEquals(withNgrams.classify(s), withNgrams.classifyAll(java.util.List.of(s)).get(0));
  }

  /**
   * Format 5: a fast model's weights are stored as float16, two bytes each, and the trained model
   * already computes with those values, so it and its saved file answer alike, bit for bit.
   */
  @Test
  void fastModelsStoreTheirWeightsAsFloat16() throws IOException {
    byte[] p = entries(good).get("params.bin");
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(p);
    assertEquals(0x53344A50, b.getInt());
    assertEquals(2, b.getInt(), "params.bin header version");
    long n = b.getLong();
    assertTrue(n > 1000, "parameter count " + n);
    assertEquals(16 + 2 * n, p.length);
    assertEquals(5, TestModels.tiny().info().formatVersion());
    try (StanceClassifier back = StanceClassifier.load(new ByteArrayInputStream(good))) {
      for (StanceExample e : TestModels.tinyData().examples()) {
        StancePrediction a = TestModels.tiny().classify(e.statement(), e.target());
        StancePrediction c = back.classify(e.statement(), e.target());
        for (StanceLabel l : a.probabilities().keySet()) {
          assertEquals(a.probability(l), c.probability(l), 0.0, e.statement());
        }
      }
    }
  }

  /**
   * Files of 0.7.x and earlier hold float32 weights (params.bin header version 1, model format 1
   * or 4) and still load; a header that disagrees with the model's format is refused by name.
   */
  @Test
  void readsFloat32WeightsOfEarlierFormats() throws IOException {
    Map<String, byte[]> m = entries(good);
    byte[] half = m.get("params.bin");
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(half);
    in.position(16);
    int n = (half.length - 16) / 2;
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(16 + 4 * n);
    out.putInt(0x53344A50).putInt(1).putLong(n);
    for (int i = 0; i < n; i++) {
      out.putFloat(halfToFloat(in.getShort()));
    }
    byte[] single = out.array();
    String sha = io.github.stance4j.internal.ModelFile.sha256(single);
    String oldSha = io.github.stance4j.internal.ModelFile.sha256(half);
    m.put("params.bin", single);
    String manifest = new String(m.get("manifest.json"), StandardCharsets.UTF_8).replace(oldSha, sha);
    m.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    String msg = refusal(zip(m));
    assertEquals("model stream: entry params.bin has header version 1 (float32); model format 5 of this tier"
        + " needs version 2", msg);
    m.put("manifest.json", manifest.replace("\"formatVersion\": 5", "\"formatVersion\": 1")
        .getBytes(StandardCharsets.UTF_8));
    try (StanceClassifier old = StanceClassifier.load(new ByteArrayInputStream(zip(m)))) {
      assertEquals(1, old.info().formatVersion());
      for (StanceExample e : TestModels.tinyData().examples()) {
        assertEquals(TestModels.tiny().classify(e.statement(), e.target()), old.classify(e.statement(), e.target()));
      }
    }
  }

  /** IEEE binary16 to float (Java 17 has no {@code Float.float16ToFloat}); no infinities or NaN here. */
  private static float halfToFloat(short h) {
    int sign = (h & 0x8000) != 0 ? -1 : 1;
    int e = (h >>> 10) & 0x1f;
    int m = h & 0x3ff;
    return sign * (e == 0 ? Math.scalb((float) m, -24) : Math.scalb((float) (m | 0x400), e - 25));
  }

  @Test
  void refusesDamagedWeights() throws IOException {
    Map<String, byte[]> m = entries(good);
    byte[] p = m.get("params.bin");
    p[p.length / 2] ^= 0x55;
    assertTrue(refusal(zip(m)).contains("entry params.bin is damaged: its SHA-256 does not match the manifest"));
  }

  @Test
  void refusesDirectoriesAndMissingPaths() throws IOException {
    assertEquals(dir + ": is a directory, not a model file",
        assertThrows(ModelFormatException.class, () -> StanceClassifier.load(dir)).getMessage());
    assertThrows(NoSuchFileException.class, () -> StanceClassifier.load(dir.resolve("nope.zip")));
    Path f = dir.resolve("cut.zip");
    Files.write(f, java.util.Arrays.copyOf(good, 500));
    assertTrue(assertThrows(ModelFormatException.class, () -> StanceClassifier.load(f)).getMessage().startsWith(f.toString()));
  }
}
