package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Retrains the bundled fast model from {@link BundledModelTest#TRAINING_DATA} with the documented
 * settings (distilled from the bundled accurate model on training-data/unlabelled/, with the n-gram
 * path) and checks that the result is the
 * bundled model: same validation metrics, same predictions. This proves that training is
 * reproducible and that the bundled model came from the documented command. About two and a half
 * minutes on 2 cores, so it is tagged {@code slow}; the default build (and CI) runs it.
 */
@Tag("slow")
class BundledModelReproducibilityTest {

  @Test
  void retrainingFromTrainingDataGivesTheBundledModel() throws IOException {
    StanceDataset data = StanceDataset.readCsv(BundledModelTest.TRAINING_DATA);
    StanceDataset held = StanceDataset.readCsv(Path.of("training-data/heldout"));
    List<StanceQuery> unlabelled = StanceQuery.readCsv(List.of(Path.of(BundledModelTest.UNLABELLED)));
    try (StanceClassifier teacher = StanceClassifier.loadDefault(io.github.stance4j.Tier.ACCURATE);
         StanceClassifier bundled = StanceClassifier.loadDefault(io.github.stance4j.Tier.FAST);
         StanceClassifier fresh = new StanceTrainer(BundledModelTest.CONFIG)
             .withTeacher(teacher, unlabelled, BundledModelTest.TEACHER_WEIGHT).train(data, "NATO enlargement")) {
      assertEquals(bundled.info().provenance().get("unlabelledSha256"), fresh.info().provenance().get("unlabelledSha256"));
      assertEquals(bundled.info().provenance().get("teacher"), fresh.info().provenance().get("teacher"));
      assertEquals(bundled.info().metrics(), fresh.info().metrics(), BundledModelTest.RETRAIN);
      assertEquals(bundled.info().vocabularySize(), fresh.info().vocabularySize());
      List<String> statements = held.examples().stream().map(StanceExample::statement).toList();
      for (String target : bundled.targets()) {
        List<StancePrediction> a = bundled.classifyAll(statements, target);
        List<StancePrediction> b = fresh.classifyAll(statements, target);
        for (int i = 0; i < a.size(); i++) {
          assertEquals(a.get(i).label(), b.get(i).label(), statements.get(i));
          for (StanceLabel l : bundled.labels()) {
            assertEquals(a.get(i).probability(l), b.get(i).probability(l), 1e-5, statements.get(i));
          }
        }
      }
    }
  }
}
