package io.github.stance4j.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.github.stance4j.ModelFormatException;
import io.github.stance4j.text.StanceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;

/**
 * Reads and writes the stance4j model file: a zip with {@code manifest.json},
 * {@code network.json} (the DL4J graph configuration), {@code params.bin} (the weights, a
 * stance4j binary format: magic {@code S4JP}, int version, long count, then count big-endian
 * values: float32 in version 1, IEEE binary16 in version 2, which fast-tier models of format 5
 * use) and {@code vocabulary.txt} (one word per line). A fine-tuned accurate-tier model
 * (format 3) has no network or vocabulary: {@code params.bin} holds its linear head and
 * {@code encoder.bin} the encoder parameters fine-tuning changed ({@link EncoderDelta}). A model
 * with an n-gram path (format 4) adds {@code ngrams.bin} ({@link NgramModel}). No Java
 * serialization. Every entry is validated before any network is built. Internal.
 */
public final class ModelFile {

  public static final String MANIFEST = "manifest.json";
  public static final String NETWORK = "network.json";
  public static final String PARAMS = "params.bin";
  public static final String VOCABULARY = "vocabulary.txt";
  /** Fine-tuned models: the changed encoder parameters ({@link EncoderDelta}). */
  public static final String ENCODER = "encoder.bin";
  private static final List<String> ENTRIES = List.of(MANIFEST, NETWORK, PARAMS, VOCABULARY, ENCODER, NgramModel.ENTRY);
  private static final int PARAMS_MAGIC = 0x53344A50; // "S4JP"
  private static final long MAX_ENTRY_BYTES = 1L << 30;
  static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
      .setObjectToNumberStrategy(com.google.gson.ToNumberPolicy.LONG_OR_DOUBLE).create();

  /**
   * A model read from a file: its manifest, the engine that runs its network, and its n-gram path
   * (null when it has none).
   */
  public record Contents(Manifest manifest, Engine engine, NgramModel ngram) {}

  private ModelFile() {}

  /**
   * Writes a model: {@code m} (its size and hash fields filled here), the engine's network and,
   * when {@code ngram} is not null, the n-gram path ({@code m.ngram} must describe it).
   */
  public static void write(OutputStream out, Manifest m, Engine engine, NgramModel ngram) throws IOException {
    byte[] ngramBytes = null;
    if (ngram != null) {
      ngramBytes = ngram.toBytes();
      m.ngram.put("features", ngram.features());
      m.ngram.put("sha256", sha256(ngramBytes));
      m.requireFormat(Manifest.NGRAM_FORMAT_VERSION);
    }
    if (engine instanceof FinetunedEngine) {
      writeFinetuned(out, m, (FinetunedEngine) engine, ngramBytes);
      return;
    }
    float[] params = engine.params();
    Vocabulary vocab = engine instanceof ModelEngine ? ((ModelEngine) engine).vocabulary() : null;
    byte[] paramBytes = paramsBytes(params, m.halfPrecisionParams()
        ? EncoderDelta.Precision.FLOAT16 : EncoderDelta.Precision.FLOAT32);
    m.paramCount = (long) params.length;
    m.paramsSha256 = sha256(paramBytes);
    m.vocabularySize = vocab == null ? 0 : vocab.size();
    ZipOutputStream zip = new ZipOutputStream(out);
    put(zip, MANIFEST, GSON.toJson(m).getBytes(StandardCharsets.UTF_8));
    put(zip, NETWORK, engine.configuration().toJson().getBytes(StandardCharsets.UTF_8));
    put(zip, PARAMS, paramBytes);
    if (vocab != null) {
      put(zip, VOCABULARY, (String.join("\n", vocab.words()) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (ngramBytes != null) {
      put(zip, NgramModel.ENTRY, ngramBytes);
    }
    zip.finish();
    zip.flush();
  }

  private static void writeFinetuned(OutputStream out, Manifest m, FinetunedEngine engine, byte[] ngramBytes)
      throws IOException {
    byte[] paramBytes = paramsBytes(engine.head(), EncoderDelta.Precision.FLOAT32);
    byte[] encoderBytes = EncoderDelta.write(engine.changedWeights(), FinetunedEngine.PRECISION);
    m.paramCount = (long) engine.head().length;
    m.paramsSha256 = sha256(paramBytes);
    m.encoderWeightsSha256 = sha256(encoderBytes);
    m.vocabularySize = 0;
    ZipOutputStream zip = new ZipOutputStream(out);
    put(zip, MANIFEST, GSON.toJson(m).getBytes(StandardCharsets.UTF_8));
    put(zip, PARAMS, paramBytes);
    put(zip, ENCODER, encoderBytes);
    if (ngramBytes != null) {
      put(zip, NgramModel.ENTRY, ngramBytes);
    }
    zip.finish();
    zip.flush();
  }

  private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(0L);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /**
   * {@code params.bin}: header version 1 with float32 values, or 2 with binary16 ones. Float16
   * values must already be rounded ({@link EncoderDelta#round}; the trainer does it before
   * calibrating), so that the file holds exactly what the model in memory computes with.
   *
   * @throws IllegalArgumentException if a float16 value is not exactly representable in binary16
   */
  private static byte[] paramsBytes(float[] params, EncoderDelta.Precision precision) throws IOException {
    boolean half = precision == EncoderDelta.Precision.FLOAT16;
    ByteArrayOutputStream bos = new ByteArrayOutputStream(16 + params.length * (half ? 2 : 4));
    DataOutputStream d = new DataOutputStream(bos);
    d.writeInt(PARAMS_MAGIC);
    d.writeInt(half ? 2 : 1);
    d.writeLong(params.length);
    ByteBuffer bb = ByteBuffer.allocate(params.length * (half ? 2 : 4));
    if (half) {
      for (int i = 0; i < params.length; i++) {
        short h = EncoderDelta.toHalf(params[i]);
        if (Float.floatToIntBits(EncoderDelta.fromHalf(h)) != Float.floatToIntBits(params[i])) {
          throw new IllegalArgumentException("weight " + i + " (" + params[i] + ") is not a float16 value");
        }
        bb.putShort(h);
      }
    } else {
      bb.asFloatBuffer().put(params);
    }
    d.write(bb.array());
    d.flush();
    return bos.toByteArray();
  }


  /**
   * The manifest as it will read back from a file (numbers become JSON numbers), so that a freshly
   * trained classifier reports exactly what its saved file will.
   */
  public static Manifest roundTrip(Manifest m) {
    return GSON.fromJson(GSON.toJson(m), Manifest.class);
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads and validates a model; {@code name} is used in messages. Does not close the stream. */
  public static Contents read(InputStream in, String name) throws IOException {
    Map<String, byte[]> entries = readEntries(in, name);
    if (entries.containsKey(MANIFEST) && entries.containsKey(ENCODER)) {
      Manifest fm = parseManifest(name, entries.get(MANIFEST));
      if (Manifest.FINETUNED_ARCHITECTURE.equals(fm.architecture)) {
        return readFinetuned(name, fm, entries);
      }
    }
    for (String e : List.of(MANIFEST, NETWORK, PARAMS)) {
      if (!entries.containsKey(e)) {
        throw new ModelFormatException(name + ": not a stance4j model: entry " + e + " is missing"
            + (entries.isEmpty() ? " (the file is empty or not a zip)" : "; found " + entries.keySet()));
      }
    }
    Manifest m = parseManifest(name, entries.get(MANIFEST));
    boolean accurate = Manifest.TIER_ACCURATE.equals(m.tier);
    if (!accurate && !entries.containsKey(VOCABULARY)) {
      throw new ModelFormatException(name + ": not a stance4j model: entry " + VOCABULARY + " is missing; found " + entries.keySet());
    }
    float[] params = parseParams(name, entries.get(PARAMS), m);
    ComputationGraphConfiguration conf;
    try {
      conf = ComputationGraphConfiguration.fromJson(new String(entries.get(NETWORK), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new ModelFormatException(name + ": entry " + NETWORK + " is not a valid network configuration: " + e.getMessage(), e);
    }
    int maxTokens = ((Number) m.tokenizer.get("maxTokens")).intValue();
    Engine engine;
    if (accurate) {
      checkEncoder(name, m);
      checkShapes(name, conf, m, null, params.length, List.of(Networks.SENTENCE, Networks.TARGET));
      try {
        engine = EncoderEngine.of(conf, params, maxTokens, m.targets.size(), m.labels.size());
      } catch (RuntimeException e) {
        throw new ModelFormatException(name + ": the network cannot be built from " + NETWORK + " and "
            + PARAMS + ": " + e.getMessage(), e);
      }
    } else {
      Vocabulary vocab = parseVocabulary(name, entries.get(VOCABULARY), m.vocabularySize);
      checkShapes(name, conf, m, vocab, params.length, List.of(Networks.TOKENS, Networks.TARGET));
      StanceTokenizer tok;
      try {
        tok = StanceTokenizer.withMaxTokens(maxTokens);
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(name + ": manifest tokenizer.maxTokens: " + e.getMessage());
      }
      try {
        engine = ModelEngine.of(conf, params, vocab, tok, m.targets.size(), m.labels.size());
      } catch (RuntimeException e) {
        throw new ModelFormatException(name + ": the network cannot be built from " + NETWORK + " and "
            + PARAMS + ": " + e.getMessage(), e);
      }
    }
    try {
      // One statement through the network: proves it runs and gives one score per label.
      engine.classify(List.of("probe"), new int[] {m.targets.size() - 1});
    } catch (RuntimeException e) {
      throw new ModelFormatException(name + ": the network cannot be run from " + NETWORK + " and "
          + PARAMS + ": " + e.getMessage(), e);
    }
    return new Contents(m, engine, ngram(name, m, entries, engine));
  }

  private static Contents readFinetuned(String name, Manifest m, Map<String, byte[]> entries) throws IOException {
    for (String e : List.of(PARAMS, ENCODER)) {
      if (!entries.containsKey(e)) {
        throw new ModelFormatException(name + ": a fine-tuned model needs entry " + e + "; found " + entries.keySet());
      }
    }
    if (entries.containsKey(NETWORK) || entries.containsKey(VOCABULARY)) {
      throw new ModelFormatException(name + ": a fine-tuned model has no " + NETWORK + " or " + VOCABULARY
          + "; found " + entries.keySet());
    }
    if (m.formatVersion < Manifest.FINETUNED_FORMAT_VERSION || !Manifest.TIER_ACCURATE.equals(m.tier)) {
      throw new ModelFormatException(name + ": a " + m.architecture + " model must be format version "
          + Manifest.FINETUNED_FORMAT_VERSION + " of the accurate tier; manifest says version " + m.formatVersion
          + ", tier " + m.tier);
    }
    byte[] encoderModel;
    try {
      encoderModel = MiniLmEncoder.modelBytes();
    } catch (IllegalStateException | NoClassDefFoundError e) {
      throw new IllegalStateException("the accurate tier needs " + EncoderEngine.DEPENDENCIES + " (" + e + ")", e);
    }
    String encoderSha256 = MiniLmEncoder.sha256(encoderModel);
    checkEncoder(name, m, encoderSha256);
    float[] head = parseParams(name, entries.get(PARAMS), m);
    int expected = (MiniLmEncoder.DIMENSION + 1) * m.labels.size();
    if (head.length != expected) {
      throw new ModelFormatException(name + ": entry " + PARAMS + " holds " + head.length + " values; a head for "
          + m.labels.size() + " labels has " + expected);
    }
    byte[] enc = entries.get(ENCODER);
    if (m.encoderWeightsSha256 == null || !sha256(enc).equals(m.encoderWeightsSha256)) {
      throw new ModelFormatException(name + ": entry " + ENCODER + " is damaged: its SHA-256 does not match the manifest");
    }
    Map<String, float[]> changed;
    try {
      changed = EncoderDelta.read(enc, MiniLmWeights.Config.MINILM_L6);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(name + ": entry " + ENCODER + ": " + e.getMessage(), e);
    }
    int maxTokens = ((Number) m.tokenizer.get("maxTokens")).intValue();
    FinetunedEngine engine;
    try {
      engine = FinetunedEngine.of(encoderModel, encoderSha256, changed, head, m.targets, m.labels.size(), maxTokens);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(name + ": the fine-tuned encoder cannot be built: " + e.getMessage(), e);
    }
    try {
      engine.classify(List.of("probe"), new int[] {m.targets.size() - 1});
    } catch (RuntimeException e) {
      engine.close();
      throw new ModelFormatException(name + ": the fine-tuned model cannot be run: " + e.getMessage(), e);
    }
    return new Contents(m, engine, ngram(name, m, entries, engine));
  }

  /**
   * The n-gram path the manifest describes, checked against its entry; null when the model has
   * none. Closes {@code engine} before throwing.
   */
  private static NgramModel ngram(String name, Manifest m, Map<String, byte[]> entries, Engine engine)
      throws ModelFormatException {
    byte[] b = entries.get(NgramModel.ENTRY);
    try {
      if (m.ngram == null) {
        if (b != null) {
          throw new ModelFormatException(name + ": entry " + NgramModel.ENTRY + " is present but " + MANIFEST
              + " has no \"ngram\" field");
        }
        return null;
      }
      if (b == null) {
        throw new ModelFormatException(name + ": " + MANIFEST + " describes an n-gram path but entry "
            + NgramModel.ENTRY + " is missing; found " + entries.keySet());
      }
      if (m.formatVersion < Manifest.NGRAM_FORMAT_VERSION) {
        throw new ModelFormatException(name + ": a model with an n-gram path must be format version "
            + Manifest.NGRAM_FORMAT_VERSION + "; manifest says " + m.formatVersion);
      }
      Object w = m.ngram.get("weight");
      if (!(w instanceof Number) || !(((Number) w).doubleValue() > 0 && ((Number) w).doubleValue() < 1)) {
        throw new ModelFormatException(name + ": " + MANIFEST + " ngram.weight must be a number in (0, 1), was " + w);
      }
      if (!sha256(b).equals(m.ngram.get("sha256"))) {
        throw new ModelFormatException(name + ": entry " + NgramModel.ENTRY
            + " is damaged: its SHA-256 does not match the manifest");
      }
      return NgramModel.fromBytes(b, name, m.targets.size(), m.labels.size());
    } catch (ModelFormatException e) {
      engine.close();
      throw e;
    }
  }

  /**
   * An accurate-tier model must name the encoder it was trained on, and that encoder (same
   * SHA-256 of its ONNX file) must be the one on the classpath.
   */
  private static void checkEncoder(String name, Manifest m) throws ModelFormatException {
    checkEncoder(name, m, EncoderEngine.encoder().sha256());
  }

  private static void checkEncoder(String name, Manifest m, String have) throws ModelFormatException {
    if (m.encoder == null || !(m.encoder.get("name") instanceof String) || !(m.encoder.get("sha256") instanceof String)) {
      throw new ModelFormatException(name + ": " + MANIFEST + " of an accurate-tier model has no encoder name and sha256");
    }
    String wantName = (String) m.encoder.get("name");
    String wantSha = (String) m.encoder.get("sha256");
    if (!MiniLmEncoder.NAME.equals(wantName)) {
      throw new ModelFormatException(name + ": the model needs the encoder \"" + wantName
          + "\"; this stance4j runs \"" + MiniLmEncoder.NAME + "\"");
    }
    if (!have.equals(wantSha)) {
      throw new ModelFormatException(name + ": the model was trained on " + wantName + " with ONNX SHA-256 "
          + wantSha + ", but the encoder on the classpath (" + MiniLmEncoder.RESOURCE + ") has SHA-256 "
          + have + "; use the encoder jar the model was trained with, or retrain the model");
    }
  }

  private static Map<String, byte[]> readEntries(InputStream stream, String name) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    byte[] all = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, 2 * MAX_ENTRY_BYTES));
    if (all.length == 0) {
      throw new ModelFormatException(name + ": not a stance4j model: the file is empty");
    }
    if (!hasEndRecord(all)) {
      throw new ModelFormatException(name + ": not a stance4j model: not a zip, or a truncated one (no end-of-archive record)");
    }
    try {
      ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(all));
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (!ENTRIES.contains(e.getName())) {
          throw new ModelFormatException(name + ": unexpected entry \"" + e.getName() + "\"; a stance4j model holds " + ENTRIES);
        }
        if (entries.containsKey(e.getName())) {
          throw new ModelFormatException(name + ": entry " + e.getName() + " appears twice");
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        long total = 0;
        int r;
        while ((r = zip.read(buf)) > 0) {
          total += r;
          if (total > MAX_ENTRY_BYTES) {
            throw new ModelFormatException(name + ": entry " + e.getName() + " is larger than " + MAX_ENTRY_BYTES + " bytes");
          }
          bos.write(buf, 0, r);
        }
        entries.put(e.getName(), bos.toByteArray());
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new ModelFormatException(name + ": damaged or truncated zip (" + e.getMessage() + ")", e);
    }
    return entries;
  }

  /** Whether the zip end-of-central-directory record is where a complete zip has it. */
  private static boolean hasEndRecord(byte[] b) {
    int min = Math.max(0, b.length - 22 - 65535);
    for (int i = b.length - 22; i >= min; i--) {
      if (b[i] == 0x50 && b[i + 1] == 0x4b && b[i + 2] == 0x05 && b[i + 3] == 0x06) {
        int commentLength = (b[i + 20] & 0xff) | (b[i + 21] & 0xff) << 8;
        return i + 22 + commentLength == b.length;
      }
    }
    return false;
  }

  private static Manifest parseManifest(String name, byte[] bytes) throws ModelFormatException {
    Manifest m;
    try {
      m = GSON.fromJson(new String(bytes, StandardCharsets.UTF_8), Manifest.class);
    } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
      throw new ModelFormatException(name + ": " + MANIFEST + " is not valid JSON: " + e.getMessage(), e);
    }
    if (m == null) {
      throw new ModelFormatException(name + ": " + MANIFEST + " is empty");
    }
    if (!Manifest.FORMAT.equals(m.format)) {
      throw new ModelFormatException(name + ": " + MANIFEST + " format is \"" + m.format + "\", expected \"" + Manifest.FORMAT + "\"");
    }
    require(name, "formatVersion", m.formatVersion);
    if (m.formatVersion > Manifest.FORMAT_VERSION || m.formatVersion < 1) {
      throw new ModelFormatException(name + ": model format version " + m.formatVersion
          + " is not supported; this stance4j reads versions 1 to " + Manifest.FORMAT_VERSION
          + (m.formatVersion > Manifest.FORMAT_VERSION ? " (the model was written by a newer stance4j "
              + m.libraryVersion + "; upgrade the library)" : ""));
    }
    require(name, "labels", m.labels);
    require(name, "targets", m.targets);
    require(name, "defaultTarget", m.defaultTarget);
    require(name, "tokenizer", m.tokenizer);
    require(name, "vocabularySize", m.vocabularySize);
    require(name, "paramCount", m.paramCount);
    require(name, "paramsSha256", m.paramsSha256);
    require(name, "architecture", m.architecture);
    if (m.labels.size() < 2) {
      throw new ModelFormatException(name + ": manifest lists " + m.labels.size() + " labels; a model needs at least 2");
    }
    if (m.targets.isEmpty() || !m.targets.contains(m.defaultTarget)) {
      throw new ModelFormatException(name + ": manifest defaultTarget \"" + m.defaultTarget + "\" is not among targets " + m.targets);
    }
    if (!(m.tokenizer.get("maxTokens") instanceof Number)) {
      throw new ModelFormatException(name + ": manifest tokenizer.maxTokens is missing");
    }
    if (m.tier != null && !Manifest.TIER_FAST.equals(m.tier) && !Manifest.TIER_ACCURATE.equals(m.tier)) {
      throw new ModelFormatException(name + ": manifest tier is \"" + m.tier + "\"; expected fast or accurate");
    }
    String calibrationProblem = Temperature.check(m.calibration);
    if (calibrationProblem != null) {
      throw new ModelFormatException(name + ": " + MANIFEST + " " + calibrationProblem);
    }
    Object tv = m.tokenizer.get("version");
    if (Manifest.TIER_ACCURATE.equals(m.tier)) {
      if (!"wordpiece".equals(m.tokenizer.get("kind"))) {
        throw new ModelFormatException(name + ": manifest tokenizer.kind of an accurate-tier model must be wordpiece, was " + m.tokenizer.get("kind"));
      }
    } else if (!(tv instanceof Number) || ((Number) tv).intValue() != StanceTokenizer.VERSION) {
      throw new ModelFormatException(name + ": manifest tokenizer.version is " + tv + ", this stance4j has tokenizer version " + StanceTokenizer.VERSION);
    }
    return m;
  }

  private static void require(String name, String field, Object v) throws ModelFormatException {
    if (v == null) {
      throw new ModelFormatException(name + ": " + MANIFEST + " has no field \"" + field + "\"");
    }
  }

  private static Vocabulary parseVocabulary(String name, byte[] bytes, int expected) throws ModelFormatException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    if (lines.size() != expected) {
      throw new ModelFormatException(name + ": entry " + VOCABULARY + " holds " + lines.size() + " words, manifest expects " + expected);
    }
    try {
      return Vocabulary.fromLines(lines);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(name + ": entry " + VOCABULARY + ": " + e.getMessage());
    }
  }

  private static float[] parseParams(String name, byte[] bytes, Manifest m) throws IOException {
    if (!sha256(bytes).equals(m.paramsSha256)) {
      throw new ModelFormatException(name + ": entry " + PARAMS + " is damaged: its SHA-256 does not match the manifest");
    }
    DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes));
    if (bytes.length < 16 || d.readInt() != PARAMS_MAGIC) {
      throw new ModelFormatException(name + ": entry " + PARAMS + " has no stance4j parameter header");
    }
    int version = d.readInt();
    int expectedVersion = m.halfPrecisionParams() ? 2 : 1;
    if (version != expectedVersion) {
      throw new ModelFormatException(name + ": entry " + PARAMS + " has header version " + version + " ("
          + (version == 2 ? "float16" : version == 1 ? "float32" : "unknown") + "); model format "
          + m.formatVersion + " of this tier needs version " + expectedVersion);
    }
    int width = version == 2 ? 2 : 4;
    long count = d.readLong();
    if (count != m.paramCount || count * width + 16 != bytes.length) {
      throw new ModelFormatException(name + ": entry " + PARAMS + " holds " + ((bytes.length - 16) / width)
          + " values, header says " + count + ", manifest expects " + m.paramCount);
    }
    float[] p = new float[(int) count];
    ByteBuffer values = ByteBuffer.wrap(bytes, 16, bytes.length - 16);
    if (width == 2) {
      for (int i = 0; i < p.length; i++) {
        p[i] = EncoderDelta.fromHalf(values.getShort());
      }
    } else {
      values.asFloatBuffer().get(p);
    }
    for (float f : p) {
      if (!Float.isFinite(f)) {
        throw new ModelFormatException(name + ": entry " + PARAMS + " holds a non-finite weight");
      }
    }
    return p;
  }

  private static void checkShapes(String name, ComputationGraphConfiguration conf, Manifest m,
      Vocabulary vocab, int paramCount, List<String> inputs) throws ModelFormatException {
    long expected = 0;
    Long embIn = null;
    Long outN = null;
    try {
      for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
        if (v.getValue() instanceof LayerVertex) {
          LayerVertex lv = (LayerVertex) v.getValue();
          Layer layer = lv.getLayerConf().getLayer();
          expected += layer.initializer().numParams(lv.getLayerConf());
          if (layer instanceof EmbeddingSequenceLayer) {
            embIn = ((EmbeddingSequenceLayer) layer).getNIn();
          }
          if (layer instanceof OutputLayer) {
            outN = ((OutputLayer) layer).getNOut();
          }
        }
      }
    } catch (RuntimeException e) {
      throw new ModelFormatException(name + ": entry " + NETWORK + " cannot be checked: " + e.getMessage(), e);
    }
    if (!conf.getNetworkInputs().equals(inputs)
        || !conf.getNetworkOutputs().equals(List.of(Networks.OUT))) {
      throw new ModelFormatException(name + ": entry " + NETWORK + " has inputs " + conf.getNetworkInputs()
          + " and outputs " + conf.getNetworkOutputs() + "; expected " + inputs + " and [out]");
    }
    if (vocab != null && (embIn == null || embIn != vocab.size())) {
      throw new ModelFormatException(name + ": network embedding has " + embIn + " rows, vocabulary has " + vocab.size() + " words");
    }
    if (outN == null || outN != m.labels.size()) {
      throw new ModelFormatException(name + ": network has " + outN + " outputs, manifest lists " + m.labels.size() + " labels");
    }
    if (expected != paramCount) {
      throw new ModelFormatException(name + ": network needs " + expected + " parameters, " + PARAMS + " holds " + paramCount);
    }
    Long targets = networkTargets(conf);
    if (targets != null && targets != m.targets.size()) {
      throw new ModelFormatException(name + ": network takes " + targets + " targets, manifest lists "
          + m.targets.size() + " targets " + m.targets);
    }
  }

  /**
   * How many targets the network's one-hot target input has: the hidden layer's inputs less the
   * features merged before it (see {@link Networks}); null for a graph of another shape, which the
   * probe statement then checks.
   */
  static Long networkTargets(ComputationGraphConfiguration conf) {
    try {
      List<String> merged = conf.getVertexInputs().get("features");
      GraphVertex hidden = conf.getVertices().get("hidden");
      if (merged == null || !(hidden instanceof LayerVertex)
          || !(((LayerVertex) hidden).getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.DenseLayer)) {
        return null;
      }
      long features = 0;
      for (String in : merged) {
        if (in.equals(Networks.TARGET)) {
          continue;
        }
        if (in.equals(Networks.SENTENCE)) {
          features += MiniLmEncoder.DIMENSION;
          continue;
        }
        List<String> pooled = conf.getVertexInputs().get(in);
        GraphVertex source = pooled == null || pooled.size() != 1 ? null : conf.getVertices().get(pooled.get(0));
        if (!(source instanceof LayerVertex)) {
          return null;
        }
        Layer l = ((LayerVertex) source).getLayerConf().getLayer();
        if (l instanceof org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional) {
          org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional b = (org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional) l;
          long n = ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) b.getFwd()).getNOut();
          features += b.getMode() == org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.Mode.CONCAT ? 2 * n : n;
        } else if (l instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer) {
          features += ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) l).getNOut();
        } else {
          return null;
        }
      }
      return ((org.deeplearning4j.nn.conf.layers.DenseLayer) ((LayerVertex) hidden).getLayerConf().getLayer()).getNIn() - features;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
