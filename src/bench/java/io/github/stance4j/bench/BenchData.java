package io.github.stance4j.bench;

import io.github.stance4j.StanceDataset;
import io.github.stance4j.StanceExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inputs shared by the benchmarks, read from {@code training-data/} (run the benchmarks from the
 * repository root). Statements of a fixed word count are cut from the held-out statements laid end
 * to end, so every length class is real text, and a benchmark cycles through 64 of them.
 */
final class BenchData {

  static final Path TRAINING = Path.of("training-data");
  static final Path HELDOUT = TRAINING.resolve("heldout");
  static final String TARGET = "NATO enlargement";

  private BenchData() {}

  static StanceDataset training() {
    return read(TRAINING);
  }

  static StanceDataset heldout() {
    return read(HELDOUT);
  }

  private static StanceDataset read(Path p) {
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException(p.toAbsolutePath() + " not found: run the benchmarks from the stance4j repository root");
    }
    try {
      return StanceDataset.readCsv(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code count} statements of exactly {@code words} words each (whitespace-separated). */
  static List<String> statements(int words, int count) {
    List<String> all = new ArrayList<>();
    for (StanceExample e : heldout().examples()) {
      all.addAll(Arrays.asList(e.statement().strip().split("\\s+")));
    }
    List<String> out = new ArrayList<>(count);
    int pos = 0;
    for (int i = 0; i < count; i++) {
      if (pos + words > all.size()) {
        pos = 0;
      }
      out.add(String.join(" ", all.subList(pos, pos + words)));
      pos += words;
    }
    return out;
  }
}
