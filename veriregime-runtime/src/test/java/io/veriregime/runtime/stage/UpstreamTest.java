package io.veriregime.runtime.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.layout.StageId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage uses another stage's outputs only as that stage's manifest vouches for them. */
class UpstreamTest {

  @TempDir Path root;

  private final RecordingLog log = new RecordingLog();

  private Path producedByTrainTeacher() {
    Path dir = root.resolve("teacher");
    StageWorkspace workspace = StageWorkspace.open(dir, StageId.TRAIN_TEACHER.goal(), log, false);
    workspace.begin();
    AtomicFiles.writeString(workspace.file("model/model.json"), "{\"kind\": \"cnn1d\"}");
    AtomicFiles.writeString(workspace.file("model/weights/fc.bias.npy"), "bias bytes");
    workspace.complete(Fingerprint.builder().config("value", "a").build(), Map.of());
    return dir;
  }

  @Test
  void untouchedOutputsAreTrustedWithTheHashesTheManifestRecorded() {
    Path dir = producedByTrainTeacher();

    Upstream teacher = Upstream.verify(dir, StageId.TRAIN_TEACHER, log);

    assertThat(teacher.hash(dir.resolve("model/model.json")))
        .isEqualTo(teacher.manifest().outputs().get("model/model.json"));
    assertThat(teacher.outputsUnder(dir.resolve("model"))).containsOnlyKeys("model.json", "weights/fc.bias.npy");
  }

  @Test
  void aChangedOutputNamesTheFileAndTheGoalToRunAgain() throws IOException {
    Path dir = producedByTrainTeacher();
    Files.writeString(dir.resolve("model/weights/fc.bias.npy"), "altered bias bytes");

    assertThatThrownBy(() -> Upstream.verify(dir, StageId.TRAIN_TEACHER, log))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(dir.resolve("model/weights/fc.bias.npy").toString())
        .hasMessageContaining("differs from what train-teacher wrote")
        .hasMessageContaining("mvn veriregime:train-teacher");
  }

  @Test
  void deletingAFilesManifestEntryDoesNotMakeTheAlteredFileTrusted() throws IOException {
    Path dir = producedByTrainTeacher();
    Files.writeString(dir.resolve("model/weights/fc.bias.npy"), "altered bias bytes");
    StageManifest manifest = JsonFiles.read(dir.resolve(StageWorkspace.MANIFEST), StageManifest.class);
    TreeMap<String, String> outputs = new TreeMap<>(manifest.outputs());
    outputs.remove("model/weights/fc.bias.npy");
    JsonFiles.write(dir.resolve(StageWorkspace.MANIFEST), new StageManifest(manifest.stage(), manifest.veriregimeVersion(),
        manifest.configHash(), manifest.inputs(), manifest.tools(), outputs, manifest.metrics()));

    assertThatThrownBy(() -> Upstream.verify(dir, StageId.TRAIN_TEACHER, log))
        .hasMessageContaining("fc.bias.npy is not among the outputs train-teacher recorded");
    // and the producing stage itself does not call the directory up to date
    assertThat(StageWorkspace.open(dir, StageId.TRAIN_TEACHER.goal(), log, false).upToDate(manifest.fingerprint())).isEmpty();
  }

  @Test
  void aMissingOutputOrAForeignManifestIsRefused() throws IOException {
    Path dir = producedByTrainTeacher();
    Files.delete(dir.resolve("model/model.json"));
    assertThatThrownBy(() -> Upstream.verify(dir, StageId.TRAIN_TEACHER, log)).hasMessageContaining("model.json is missing");

    Path other = producedByTrainTeacher();
    assertThatThrownBy(() -> Upstream.verify(other, StageId.DISTILL, log))
        .hasMessageContaining("was written by train-teacher, not distill");
  }

  @Test
  void noManifestMeansTheProducingStageHasNotCompleted() {
    assertThatThrownBy(() -> Upstream.verify(root.resolve("data"), StageId.FETCH_DATA, log))
        .hasMessageContaining("has no complete fetch-data output")
        .hasMessageContaining("mvn veriregime:fetch-data");
  }
}
