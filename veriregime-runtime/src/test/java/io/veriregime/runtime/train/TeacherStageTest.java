package io.veriregime.runtime.train;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.stage.RecordingLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains the real teacher with DJL on three real days (a few epochs) and checks what it writes. */
@RunsTools
class TeacherStageTest {

  static final String TEACHER = "teacher:\n  epochs: 3\n  batchSize: 128\n  patience: 2\n";

  @TempDir static Path shared;
  static StageContext ctx;
  static RecordingLog log = new RecordingLog();
  static StageResult first;

  @BeforeAll
  static void trainOnce() throws Exception {
    ctx = TrainingFixture.context(shared.resolve("project"), TEACHER, log);
    TrainingFixture.writeDataset(ctx);
    first = new TeacherStage().run(ctx);
  }

  @Test
  void writesTheModelDirectoryOfTheContract() throws Exception {
    Path model = ctx.layout().root().resolve("teacher").resolve("model");
    JsonNode description = JsonFiles.readTree(model.resolve("model.json"));
    assertThat(description.get("kind").asText()).isEqualTo("cnn1d");
    assertThat(description.get("input").toString()).isEqualTo("[60,8]");
    assertThat(description.get("classes").toString()).isEqualTo("[\"SELL\",\"HOLD\",\"BUY\"]");
    List<String> types = description.get("layers").findValuesAsText("type");
    assertThat(types).containsExactly("transpose", "conv1d", "batchnorm", "relu", "maxpool1d",
        "conv1d", "batchnorm", "relu", "maxpool1d", "globalavgpool1d", "linear");
    assertThat(shape(model, description.get("layers").get(1).get("weight").asText())).containsExactly(64, 8, 5);
    assertThat(shape(model, description.get("layers").get(5).get("weight").asText())).containsExactly(128, 64, 3);
    assertThat(shape(model, description.get("layers").get(6).get("var").asText())).containsExactly(128);
    assertThat(shape(model, description.get("layers").get(10).get("weight").asText())).containsExactly(3, 128);

    int testSize = Npy.readInt(ctx.layout().root().resolve("data").resolve("test.labels.npy")).shape()[0];
    assertThat(Npy.readFloat(model.resolve("test.logits.npy")).shape()).containsExactly(testSize, 3);
    int trainSize = Npy.readInt(ctx.layout().root().resolve("data").resolve("train.labels.npy")).shape()[0];
    assertThat(Npy.readFloat(model.resolve("train.logits.npy")).shape()).containsExactly(trainSize, 3);

    JsonNode metrics = JsonFiles.readTree(model.resolve("metrics.json"));
    for (String split : List.of("validation", "test")) {
      JsonNode scores = metrics.get(split);
      for (String key : List.of("accuracy", "macroF1", "balancedAccuracy")) {
        assertThat(scores.get(key).asDouble()).isBetween(0.0, 1.0);
        assertThat(scores.get("majorityBaseline").get(key).asDouble()).isBetween(0.0, 1.0);
      }
      int total = 0;
      for (JsonNode row : scores.get("confusion")) for (JsonNode cell : row) total += cell.asInt();
      assertThat(total).isEqualTo(scores.get("samples").asInt());
      assertThat(scores.get("perClass").fieldNames()).toIterable().containsExactlyInAnyOrder("SELL", "HOLD", "BUY");
    }
    assertThat(metrics.get("test").get("samples").asInt()).isEqualTo(testSize);

    JsonNode curves = JsonFiles.readTree(model.resolve("curves.json"));
    assertThat(curves.get("epochs")).hasSize(metrics.get("epochsRun").asInt());
    assertThat(curves.get("epochs").get(0).get("trainLoss").asDouble()).isPositive();
    assertThat(Files.isRegularFile(ctx.layout().root().resolve("teacher").resolve("manifest.json"))).isTrue();
    assertThat(first.upToDate()).isFalse();
  }

  @Test
  void logsOneProgressLinePerEpochWithLossesMetricAndEta() {
    List<String> epochLines = log.lines.stream().filter(line -> line.matches(".* epoch \\d+/\\d+ .*")).toList();
    assertThat(epochLines).isNotEmpty().allSatisfy(line -> assertThat(line)
        .startsWith("INFO train-teacher: teacher epoch").contains("train loss", "val loss", "val acc", "macro-F1", "samples/s", "ETA"));
  }

  @Test
  void skipsWhenInputsAreUnchangedAndRetrainsWhenTheConfigChanges() throws Exception {
    StageResult again = new TeacherStage().run(ctx);
    assertThat(again.upToDate()).isTrue();
    assertThat(again.manifest().outputs()).isEqualTo(first.manifest().outputs());
  }

  @Test
  void sameSeedAndDataGiveIdenticalResults() throws Exception {
    StageContext other = TrainingFixture.context(shared.resolve("again"), TEACHER, new RecordingLog());
    TrainingFixture.writeDataset(other);
    new TeacherStage().run(other);
    Path model = ctx.layout().root().resolve("teacher").resolve("model");
    Path otherModel = other.layout().root().resolve("teacher").resolve("model");
    assertThat(Npy.readFloat(otherModel.resolve("test.logits.npy")).data())
        .containsExactly(Npy.readFloat(model.resolve("test.logits.npy")).data());
    JsonNode metrics = JsonFiles.readTree(model.resolve("metrics.json"));
    JsonNode otherMetrics = JsonFiles.readTree(otherModel.resolve("metrics.json"));
    assertThat(otherMetrics.get("test")).isEqualTo(metrics.get("test"));
    assertThat(otherMetrics.get("validation")).isEqualTo(metrics.get("validation"));
    assertThat(otherMetrics.get("bestEpoch")).isEqualTo(metrics.get("bestEpoch"));
  }

  @Test
  void missingDatasetNamesTheFileAndTheStageToRunFirst(@TempDir Path empty) throws Exception {
    StageContext noData = TrainingFixture.context(empty, TEACHER, new RecordingLog());
    assertThatThrownBy(() -> new TeacherStage().run(noData))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("train.features.npy")
        .hasMessageContaining("Run fetch-data first");
  }

  private static int[] shape(Path model, String weightFile) {
    return Npy.readFloat(model.resolve(weightFile)).shape();
  }
}
