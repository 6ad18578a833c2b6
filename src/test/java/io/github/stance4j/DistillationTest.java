package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StanceTrainer#withTeacher}: a student learns, from unlabelled statements the teacher
 * labels, words that its labelled data never shows it.
 */
class DistillationTest {

  /** Made-up words: the teacher learns them from labelled rows, the student only from unlabelled ones. */
  private static final String YES = "zorblat";
  private static final String NO = "quexian";

  private static StanceClassifier teacher;

  @BeforeAll
  static void trainTeacher() {
    List<StanceExample> rows = new ArrayList<>(TestModels.tinyData().examples());
    String[] frames = {"The envoy said %s.", "%s, the minister declared.", "Their answer was %s.",
        "Officials replied: %s!", "%s was all the spokesman would say.", "Asked again, she said %s."};
    for (String f : frames) {
      rows.add(StanceExample.of(String.format(f, YES), "alliance", "support"));
      rows.add(StanceExample.of(String.format(f, NO), "alliance", "opposition"));
    }
    teacher = new StanceTrainer(TestModels.TINY_CONFIG).train(StanceDataset.of(rows));
  }

  @AfterAll
  static void closeTeacher() {
    teacher.close();
  }

  private static List<StanceQuery> unlabelled() {
    String[] frames = {"The minister said %s again.", "%s, said the president.", "The reply from the capital was %s.",
        "In parliament the answer was %s.", "%s: that is our position, the delegate wrote."};
    List<StanceQuery> out = new ArrayList<>();
    for (String f : frames) {
      out.add(new StanceQuery(String.format(f, YES), "alliance"));
      out.add(new StanceQuery(String.format(f, NO), "alliance"));
    }
    return out;
  }

  @Test
  void theTeacherKnowsTheWords() {
    assertEquals(StanceLabel.SUPPORT, teacher.classify("He said " + YES + ".", "alliance").label());
    assertEquals(StanceLabel.OPPOSITION, teacher.classify("He said " + NO + ".", "alliance").label());
  }

  @Test
  void theStudentLearnsWordsOnlyTheUnlabelledStatementsHold() {
    StanceDataset data = TestModels.tinyData();
    try (StanceClassifier plain = new StanceTrainer(TestModels.TINY_CONFIG).train(data);
         StanceClassifier student = new StanceTrainer(TestModels.TINY_CONFIG)
             .withTeacher(teacher, unlabelled(), 0.5).train(data)) {
      assertTrue(student.info().vocabularySize() > plain.info().vocabularySize(),
          student.info().vocabularySize() + " vs " + plain.info().vocabularySize());
      StancePrediction yes = student.classify("Asked once more, they said " + YES + ".", "alliance");
      StancePrediction no = student.classify("Asked once more, they said " + NO + ".", "alliance");
      assertEquals(StanceLabel.SUPPORT, yes.label(), yes.toString());
      assertEquals(StanceLabel.OPPOSITION, no.label(), no.toString());
      assertTrue(student.evaluate(data).accuracy() >= 0.9, "training accuracy " + student.evaluate(data).accuracy());
      assertEquals("10", student.info().provenance().get("unlabelledStatements"));
      assertEquals("0.5", student.info().provenance().get("teacherWeight"));
      assertTrue(student.info().provenance().get("teacher").startsWith("CNN model, stance4j "),
          student.info().provenance().toString());
      assertFalse(plain.info().provenance().containsKey("teacher"));
    }
  }

  @Test
  void distillationIsDeterministicAndSurvivesSaving(@TempDir Path dir) throws IOException {
    StanceTrainer t = new StanceTrainer(TestModels.TINY_CONFIG.withEpochs(10)).withTeacher(teacher, unlabelled(), 0.3);
    Path file = dir.resolve("student.zip");
    try (StanceClassifier a = t.train(TestModels.tinyData());
         StanceClassifier b = t.train(TestModels.tinyData())) {
      a.save(file);
      try (StanceClassifier c = StanceClassifier.load(file)) {
        assertEquals(a.info().provenance(), c.info().provenance());
        for (StanceQuery q : unlabelled()) {
          assertEquals(a.classify(q.statement(), q.target()).probabilities(),
              b.classify(q.statement(), q.target()).probabilities(), q.statement());
          assertEquals(a.classify(q.statement(), q.target()).label(),
              c.classify(q.statement(), q.target()).label(), q.statement());
        }
      }
    }
  }

  @Test
  void refusesWhatCannotBeDistilled() {
    StanceTrainer t = new StanceTrainer(TestModels.TINY_CONFIG);
    IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
        () -> t.withTeacher(teacher, List.of(), 1.5));
    assertTrue(w.getMessage().contains("1.5"), w.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.withTeacher(teacher, List.of(), Double.NaN));
    assertThrows(NullPointerException.class, () -> t.withTeacher(null, List.of(), 0.5));

    IllegalArgumentException target = assertThrows(IllegalArgumentException.class, () -> t.withTeacher(teacher,
        List.of(new StanceQuery(YES, "alliance"), new StanceQuery(NO, "peace talks")), 0.5)
        .train(TestModels.tinyData()));
    assertTrue(target.getMessage().startsWith("unlabelled statement 2: "), target.getMessage());
    assertTrue(target.getMessage().contains("peace talks"), target.getMessage());

    StanceDataset twoLabels = TestModels.tinyData().filter(e -> e.label() != StanceLabel.CONDITIONAL);
    IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
        () -> t.withTeacher(teacher, List.of(), 0.5).train(twoLabels));
    assertTrue(labels.getMessage().contains("teacher's labels"), labels.getMessage());

    IllegalArgumentException arch = assertThrows(IllegalArgumentException.class,
        () -> new StanceTrainer(TrainingConfig.defaults(TrainingConfig.Architecture.MINILM))
            .withTeacher(teacher, List.of(), 0.5).train(TestModels.tinyData()));
    assertTrue(arch.getMessage().contains("not MINILM"), arch.getMessage());

    assertThrows(IllegalStateException.class,
        () -> t.withTeacher(teacher, List.of(), 0.5).continueTraining(TestModels.tiny(), TestModels.tinyData()));
  }

  @Test
  void readsUnlabelledCsvAndNamesTheLineOfABlankField(@TempDir Path dir) throws IOException {
    Path ok = dir.resolve("a.csv");
    Files.writeString(ok, "target,statement,label\nalliance,\"Yes, she said.\",\nalliance,No.,support\n",
        StandardCharsets.UTF_8);
    assertEquals(List.of(new StanceQuery("Yes, she said.", "alliance"), new StanceQuery("No.", "alliance")),
        StanceQuery.readCsv(List.of(dir)));
    Path bad = dir.resolve("b.csv");
    Files.writeString(bad, "statement,target\nFine.,alliance\nAlso fine.,\n", StandardCharsets.UTF_8);
    StanceDataException e = assertThrows(StanceDataException.class, () -> StanceQuery.readCsv(List.of(bad)));
    assertTrue(e.getMessage().contains("b.csv") && e.getMessage().contains("3"), e.getMessage());
    assertTrue(e.getMessage().contains("blank target"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new StanceQuery(" ", "alliance"));
  }
}
