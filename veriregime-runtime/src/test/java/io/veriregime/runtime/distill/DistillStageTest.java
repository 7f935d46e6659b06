package io.veriregime.runtime.distill;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.layout.Layout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.testdata.TestFiles;
import io.veriregime.runtime.train.TeacherStage;
import io.veriregime.runtime.train.TrainingFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetch-data, train-teacher and distill for real on three days of January 2024 (few epochs), then
 * the students' model directories, the grid summary, and that model.json + weights describe exactly
 * the network DJL ran (a plain-Java forward pass reproduces test.logits.npy).
 */
@RunsTools
class DistillStageTest {

  static final String SECTIONS = """
      teacher:
        epochs: 2
      student:
        epochs: 3
        patience: 2
      distill:
        temperature: [2, 4]
        alpha: 0.7
      """;

  @TempDir static Path shared;
  static StageContext ctx;
  static StageResult result;
  static RecordingLog log = new RecordingLog();

  @BeforeAll
  static void distil() throws Exception {
    ctx = TrainingFixture.context(shared.resolve("square"), SECTIONS, log);
    TrainingFixture.writeDataset(ctx);
    new TeacherStage().run(ctx);
    result = new DistillStage().run(ctx);
  }

  @Test
  void writesBaselineAndDistilledSquareStudentsPerTheContract() {
    for (String student : List.of("baseline", "distilled")) {
      Path model = ctx.layout().root().resolve("distill").resolve(student);
      JsonNode description = JsonFiles.readTree(model.resolve("model.json"));
      assertThat(description.get("kind").asText()).isEqualTo("mlp");
      assertThat(description.get("layers").findValuesAsText("type")).containsExactly(
          "flatten", "linear", "square", "linear", "square", "linear", "square", "linear");
      assertThat(Npy.readFloat(model.resolve("weights/fc0.weight.npy")).shape()).containsExactly(128, 480);
      assertThat(Npy.readFloat(model.resolve("weights/fc1.weight.npy")).shape()).containsExactly(64, 128);
      assertThat(Npy.readFloat(model.resolve("weights/fc2.bias.npy")).shape()).containsExactly(32);
      assertThat(Npy.readFloat(model.resolve("weights/out.weight.npy")).shape()).containsExactly(3, 32);

      JsonNode test = JsonFiles.readTree(model.resolve("metrics.json")).get("test");
      assertThat(test.get("accuracy").asDouble()).isBetween(0.0, 1.0);
      assertThat(test.get("macroF1").asDouble()).isBetween(0.0, 1.0);
      int total = 0;
      for (JsonNode row : test.get("confusion")) for (JsonNode cell : row) total += cell.asInt();
      assertThat(total).isEqualTo(Npy.readInt(ctx.layout().root().resolve("data").resolve("test.labels.npy")).shape()[0]);
      assertThat(JsonFiles.readTree(model.resolve("curves.json")).get("epochs").size()).isBetween(1, 3);
    }
  }

  @Test
  void exportedSquareStudentReproducesItsTestLogits() {
    assertForwardPassMatches(ctx, "baseline");
    assertForwardPassMatches(ctx, "distilled");
  }

  @Test
  void summaryRecordsTheGridTheChoiceAndRetention() {
    JsonNode summary = JsonFiles.readTree(ctx.layout().root().resolve("distill").resolve("summary.json"));
    assertThat(summary.get("activation").asText()).isEqualTo("square");
    assertThat(summary.get("grid")).hasSize(2);
    assertThat(summary.get("grid").findValuesAsText("temperature")).containsExactly("2.0", "4.0");
    JsonNode chosen = summary.get("chosen");
    double bestValidationF1 = 0;
    for (JsonNode point : summary.get("grid")) {
      bestValidationF1 = Math.max(bestValidationF1, point.get("validation").get("macroF1").asDouble());
    }
    assertThat(summary.get("distilled").get("validation").get("macroF1").asDouble()).isEqualTo(bestValidationF1);
    assertThat(chosen.get("alpha").asDouble()).isEqualTo(0.7);

    JsonNode teacherTest = JsonFiles.readTree(ctx.layout().root().resolve("teacher").resolve("model/metrics.json")).get("test");
    assertThat(summary.get("teacher").get("accuracy").asDouble()).isEqualTo(teacherTest.get("accuracy").asDouble());
    double distilledAccuracy = summary.get("distilled").get("test").get("accuracy").asDouble();
    assertThat(summary.get("retention").get("distilled").get("accuracy").asDouble())
        .isCloseTo(distilledAccuracy / teacherTest.get("accuracy").asDouble(), within(1e-12));
    assertThat(summary.get("distillationGain").get("accuracy").asDouble()).isCloseTo(
        distilledAccuracy - summary.get("baseline").get("test").get("accuracy").asDouble(), within(1e-12));
    JsonNode distilledMetrics = JsonFiles.readTree(ctx.layout().root().resolve("distill").resolve("distilled/metrics.json"));
    assertThat(distilledMetrics.get("test").get("accuracy").asDouble()).isEqualTo(distilledAccuracy);
    assertThat(result.manifest().metrics()).containsKeys("accuracyRetention", "macroF1Retention");
  }

  @Test
  void skipsWhenNothingChanged() {
    assertThat(new DistillStage().run(ctx).upToDate()).isTrue();
  }

  @Test
  void polynomialStudentTrainsStablyAndExportsItsLearntCoefficients() throws Exception {
    StageContext poly = TrainingFixture.context(shared.resolve("poly"), """
        teacher:
          epochs: 1
        student:
          activation: poly
          hidden: [32, 16]
          epochs: 2
        """, new RecordingLog());
    TrainingFixture.writeDataset(poly);
    new TeacherStage().run(poly);
    new DistillStage().run(poly);
    JsonNode layers = JsonFiles.readTree(poly.layout().root().resolve("distill").resolve("distilled/model.json")).get("layers");
    assertThat(layers.findValuesAsText("type")).containsExactly("flatten", "linear", "poly", "linear", "poly", "linear");
    for (JsonNode layer : List.of(layers.get(2), layers.get(4))) {
      assertThat(Double.isFinite(layer.get("a").asDouble()) && Double.isFinite(layer.get("b").asDouble())).isTrue();
      assertThat(layer.get("a").asDouble()).as("a is learnt, not left at its initial 0.1").isNotEqualTo(0.1f);
    }
    for (JsonNode epoch : JsonFiles.readTree(poly.layout().root().resolve("distill").resolve("distilled/curves.json")).get("epochs")) {
      assertThat(epoch.get("trainLoss").asDouble()).isBetween(0.0, 10.0);
    }
    assertForwardPassMatches(poly, "distilled");
  }

  @Test
  void divergingStudentGetsOneErrorNamingTheKeyAndTheFix() throws Exception {
    Path output = shared.resolve("diverge/target/veriregime");
    for (String stage : List.of("data", "teacher")) TestFiles.copyTree(ctx.layout().root().resolve(stage), output.resolve(stage));
    // x² three layers deep with a huge unclipped step: the loss overflows within the first epochs
    StageContext diverging = new StageContext(ExperimentLoader.load(ctx.experiment().file(), Map.of(
        "student.learningRate", "0.9", "student.gradientClip", "0", "student.dropout", "0", "student.weightDecay", "0")),
        Layout.at(output), true, Proxies.NONE, false, new RecordingLog());
    assertThatThrownBy(() -> new DistillStage().run(diverging))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("student.activation")
        .hasMessageContaining("training diverged")
        .hasMessageContaining("Lower student.learningRate (now 0.9)");
  }

  @Test
  void missingTeacherSaysToRunTrainTeacherFirst(@TempDir Path empty) throws Exception {
    StageContext noTeacher = TrainingFixture.context(empty, SECTIONS, new RecordingLog());
    TrainingFixture.writeDataset(noTeacher);
    assertThatThrownBy(() -> new DistillStage().run(noTeacher))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("train.logits.npy")
        .hasMessageContaining("Run train-teacher first");
  }

  /** Runs model.json's layers in plain Java over data/test.features.npy and compares with test.logits.npy. */
  static void assertForwardPassMatches(StageContext context, String student) {
    Path model = context.layout().root().resolve("distill").resolve(student);
    Npy.FloatArray inputs = Npy.readFloat(context.layout().root().resolve("data").resolve("test.features.npy"));
    Npy.FloatArray logits = Npy.readFloat(model.resolve("test.logits.npy"));
    JsonNode layers = JsonFiles.readTree(model.resolve("model.json")).get("layers");
    int width = inputs.shape()[1] * inputs.shape()[2];
    for (int sample = 0; sample < inputs.shape()[0]; sample += 7) {
      float[] x = new float[width];
      System.arraycopy(inputs.data(), sample * width, x, 0, width);
      for (JsonNode layer : layers) {
        x = switch (layer.get("type").asText()) {
          case "flatten" -> x;
          case "linear" -> linear(model, layer, x);
          case "square" -> map(x, v -> v * v);
          case "relu" -> map(x, v -> Math.max(0, v));
          case "poly" -> map(x, v -> layer.get("a").asDouble() * v * v + layer.get("b").asDouble() * v);
          default -> throw new AssertionError("unexpected layer " + layer);
        };
      }
      for (int c = 0; c < 3; c++) {
        float expected = logits.data()[sample * 3 + c];
        assertThat(x[c]).isCloseTo(expected, within(1e-3f + 1e-4f * Math.abs(expected)));
      }
    }
  }


  private static float[] linear(Path model, JsonNode layer, float[] x) {
    Npy.FloatArray weight = Npy.readFloat(model.resolve(layer.get("weight").asText()));
    float[] bias = Npy.readFloat(model.resolve(layer.get("bias").asText())).data();
    int out = weight.shape()[0];
    int in = weight.shape()[1];
    float[] y = new float[out];
    for (int o = 0; o < out; o++) {
      double sum = bias[o];
      for (int i = 0; i < in; i++) sum += (double) weight.data()[o * in + i] * x[i];
      y[o] = (float) sum;
    }
    return y;
  }

  private static float[] map(float[] x, java.util.function.DoubleUnaryOperator f) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) y[i] = (float) f.applyAsDouble(x[i]);
    return y;
  }
}
