package io.github.stance4j;

import io.github.stance4j.text.CsvTable;
import io.github.stance4j.text.StanceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An unlabelled statement and the target its stance is asked about: the input of distillation
 * ({@link StanceTrainer#withTeacher(StanceClassifier, List, double)}), where a teacher model
 * supplies the labels.
 *
 * <p>Immutable and thread-safe.
 *
 * @param statement the text; not blank (see {@link StanceTokenizer#isBlank(CharSequence)})
 * @param target the position the stance is about; not blank, stored trimmed
 */
public record StanceQuery(String statement, String target) {

  /**
   * Validates the query.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the statement or target is blank
   */
  public StanceQuery {
    target = StanceExample.checkedTarget(statement, target);
  }

  /**
   * Reads unlabelled statements from CSV files with at least the columns {@code statement} and
   * {@code target} (UTF-8, RFC 4180, any column order; a {@code label} column and any other are
   * ignored). A directory stands for the {@code *.csv} files directly inside it, in name order, as
   * in {@link StanceDataset#readCsv(List)}.
   *
   * @return the queries in file and row order; unmodifiable
   * @throws NullPointerException if the list or an element is null
   * @throws IOException if a file cannot be read or does not exist
   * @throws StanceDataException naming the file and line, if a file breaks the format or has a
   *     blank statement or target, or if no file was found
   */
  public static List<StanceQuery> readCsv(List<Path> filesOrDirectories) throws IOException {
    Objects.requireNonNull(filesOrDirectories, "filesOrDirectories");
    List<StanceQuery> out = new ArrayList<>();
    for (Path file : StanceDataset.expand(filesOrDirectories)) {
      CsvTable table = CsvTable.read(file);
      int s = table.requireColumn("statement");
      int t = table.requireColumn("target");
      if (table.rows().isEmpty()) {
        throw new StanceDataException(table.source(), 0, "the file has a header but no rows");
      }
      for (CsvTable.Row row : table.rows()) {
        String statement = row.fields().get(s);
        String target = row.fields().get(t);
        if (StanceTokenizer.isBlank(statement)) {
          throw new StanceDataException(table.source(), row.line(), "blank statement");
        }
        if (StanceTokenizer.isBlank(target)) {
          throw new StanceDataException(table.source(), row.line(), "blank target");
        }
        out.add(new StanceQuery(statement, target));
      }
    }
    return Collections.unmodifiableList(out);
  }
}
