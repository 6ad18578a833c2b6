package io.github.stance4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link FinetuneTrainer.WeightAverage}: the debiased moving average, swapped in and back. */
class WeightAverageTest {

  private static float[] values(SameDiff sd, String name) {
    return sd.getVariable(name).getArr().dup().data().asFloat();
  }

  @Test
  void isTheDebiasedWeightedMeanOfTheStepsWeights() {
    SameDiff sd = SameDiff.create();
    sd.var("w", Nd4j.createFromArray(new float[] {9f, 9f}));
    sd.var("b", Nd4j.createFromArray(new float[] {9f}));
    FinetuneTrainer.WeightAverage avg = new FinetuneTrainer.WeightAverage(sd, List.of("w", "b"), 0.5);
    assertThrows(IllegalStateException.class, avg::swapIn, "nothing averaged yet");
    float[][] w = {{1f, -1f}, {2f, -2f}, {3f, 6f}};
    for (float[] step : w) {
      sd.getVariable("w").getArr().assign(Nd4j.createFromArray(step));
      sd.getVariable("b").getArr().assign(step[0] * 10);
      avg.update();
    }
    // weights 0.25, 0.5, 1 for steps 1, 2, 3 (the starting 9s carry none), over their sum 1.75
    float[] expected = {(0.25f * 1 + 0.5f * 2 + 3) / 1.75f, (0.25f * -1 + 0.5f * -2 + 6) / 1.75f};
    Map<String, INDArray> trained = avg.swapIn();
    assertArrayEquals(expected, values(sd, "w"), 1e-6f);
    assertArrayEquals(new float[] {expected[0] * 10}, values(sd, "b"), 1e-5f);
    avg.restore(trained);
    assertArrayEquals(new float[] {3f, 6f}, values(sd, "w"), 0f);
    assertArrayEquals(new float[] {30f}, values(sd, "b"), 0f);
  }
}
