package io.veriregime.runtime.distill;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.model.TrainingCurves;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.train.TeacherStage;
import io.veriregime.runtime.train.TrainingFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default x² student trains stably on real windows (ten days of January 2024, the default
 * student with only its epochs cut): no first-epoch loss blow-up, a best epoch after the first, a
 * validation macro-F1 that rises at some point. The students of the previous default (three x²
 * layers) failed all three: first-epoch train loss 8–30× the last, best epoch 1, macro-F1 falling
 * from epoch 1 (DEVELOPERS.md, "Why x² students collapsed").
 */
@RunsTools
class StudentStabilityTest {

  @TempDir static Path project;
  static StageContext ctx;

  @BeforeAll
  static void distil() throws Exception {
    ctx = TrainingFixture.context(project, """
        teacher:
          epochs: 3
        student:
          epochs: 8
          patience: 8
        """, Map.of("data.end", "2024-01-10"), new RecordingLog());
    TrainingFixture.writeDataset(ctx);
    new TeacherStage().run(ctx);
    new DistillStage().run(ctx);
  }

  @ParameterizedTest
  @ValueSource(strings = {DistillStage.BASELINE, DistillStage.DISTILLED})
  void theDefaultStudentTrainsStably(String student) {
    TrainingCurves curves = JsonFiles.read(ctx.layout().distillDir().resolve(student).resolve("curves.json"),
        TrainingCurves.class);
    List<TrainingCurves.Epoch> epochs = curves.epochs();
    double first = epochs.get(0).trainLoss();
    double last = epochs.get(epochs.size() - 1).trainLoss();
    assertThat(first).as("first epoch's mean train loss against the last's (%s)", last).isLessThanOrEqualTo(3 * last);
    assertThat(curves.bestEpoch()).as("best epoch of %s", epochs.size()).isGreaterThan(1);
    assertThat(IntStream.range(1, epochs.size())
        .anyMatch(e -> epochs.get(e).validationMacroF1() > epochs.get(e - 1).validationMacroF1()))
        .as("validation macro-F1 rises at least once after epoch 1").isTrue();
  }
}
