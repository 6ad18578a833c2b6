package io.github.stance4j.internal;

import java.util.List;
import java.util.Map;

/**
 * The JSON manifest of a model file, as read and written by Gson. Fields are validated by
 * {@link ModelFile}. Internal.
 */
public final class Manifest {
  public static final String FORMAT = "stance4j-model";
  public static final int FORMAT_VERSION = 1;

  public String format;
  public Integer formatVersion;
  public String libraryVersion;
  public String createdAt;
  public List<String> labels;
  public List<String> targets;
  public String defaultTarget;
  public Map<String, Object> tokenizer;
  public String architecture;
  public Map<String, String> trainingConfig;
  public Map<String, Object> trainingData;
  public Map<String, Object> metrics;
  public Integer vocabularySize;
  public Long paramCount;
  public String paramsSha256;
  public Map<String, String> provenance;
}
