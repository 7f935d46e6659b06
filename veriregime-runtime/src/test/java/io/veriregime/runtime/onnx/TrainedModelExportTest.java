package io.veriregime.runtime.onnx;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.stage.RecordingLog;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.distill.DistillStage;
import io.veriregime.runtime.train.TeacherStage;
import io.veriregime.runtime.train.TrainingFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real pipeline up to the models (fetch-data on three recorded days, train-teacher and distill
 * with DJL, one epoch each), then every model directory exported and checked in ONNX Runtime
 * against the logits DJL computed on the whole test split.
 */
@RunsTools
class TrainedModelExportTest {

  private static final String SECTIONS = """
      teacher:
        epochs: 1
      student:
        epochs: 1
        activation: square
      distill:
        temperature: 4
        alpha: 0.7
      """;

  @TempDir static Path project;
  private static StageContext ctx;
  private static Path testFeatures;

  @BeforeAll
  static void train() throws Exception {
    ctx = TrainingFixture.context(project, SECTIONS, new RecordingLog());
    TrainingFixture.writeDataset(ctx);
    new TeacherStage().run(ctx);
    new DistillStage().run(ctx);
    testFeatures = ctx.layout().root().resolve("data").resolve("test.features.npy");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"teacher/model", "distill/baseline", "distill/distilled"})
  void exportReproducesTheTrainedModelsLogitsOnTheWholeTestSplit(String model) {
    Path modelDir = ctx.layout().root().resolve(model);
    Path onnx = project.resolve(model.replace('/', '-') + ".onnx");
    int testSamples = Npy.readFloat(modelDir.resolve("test.logits.npy")).rows();

    OnnxExporter.export(modelDir, onnx);
    OnnxCheckResult check = OnnxCheck.check(onnx, modelDir, testFeatures, testSamples, OnnxCheck.DEFAULT_TOLERANCE);

    assertThat(check.samples()).isEqualTo(testSamples).isGreaterThan(100);
    // float32 in a different summation order: an order of magnitude inside the check's own limit
    assertThat(check.maxAbsDifference()).isLessThan(check.allowedDifference() / 10);
    assertThat(check.argmaxAgreements()).isEqualTo(testSamples);
  }
}
