package io.veriregime.runtime.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a stage directory may be trusted: only with its manifest, its fingerprint and its files intact. */
class StageWorkspaceTest {

  @TempDir Path dir;

  private final RecordingLog log = new RecordingLog();

  private Fingerprint fingerprint(String configValue) {
    return Fingerprint.builder().config("value", configValue).tool("tool", "1.0").build();
  }

  private StageWorkspace completedRun(String configValue) {
    StageWorkspace workspace = StageWorkspace.open(dir.resolve("stage"), "stage", log, false);
    workspace.begin();
    AtomicFiles.writeString(workspace.file("out.txt"), "result of " + configValue);
    AtomicFiles.writeString(workspace.file("sub/more.txt"), "more");
    workspace.complete(fingerprint(configValue), Map.of("seconds", 1.5));
    return workspace;
  }

  @Test
  void aCompletedRunIsReusedWithTheSameFingerprint() {
    StageWorkspace workspace = completedRun("a");

    StageResult reused = workspace.reuse(fingerprint("a")).orElseThrow();

    assertThat(reused.upToDate()).isTrue();
    assertThat(reused.manifest().outputs()).containsOnlyKeys("out.txt", "sub/more.txt");
    assertThat(reused.manifest().metrics()).containsEntry("seconds", 1.5);
    assertThat(log.contains("stage: up to date, skipping")).isTrue();
  }

  @Test
  void aChangedFingerprintIsNotReused() {
    StageWorkspace workspace = completedRun("a");
    assertThat(workspace.reuse(fingerprint("b"))).isEmpty();
    assertThat(log.contains("inputs or configuration changed")).isTrue();
  }

  @Test
  void anOutputChangedOrMissingSinceTheRunIsNotTrusted() throws IOException {
    StageWorkspace workspace = completedRun("a");
    Files.writeString(workspace.file("out.txt"), "tampered");
    assertThat(workspace.reuse(fingerprint("a"))).isEmpty();

    StageWorkspace other = completedRun("a");
    Files.delete(other.file("sub/more.txt"));
    assertThat(other.reuse(fingerprint("a"))).isEmpty();
  }

  @Test
  void anInterruptedRunLeavesNothingTrusted() {
    StageWorkspace workspace = completedRun("a");
    workspace.begin(); // a new run starts and is interrupted before complete()
    AtomicFiles.writeString(workspace.file("out.txt"), "half");
    assertThat(workspace.reuse(fingerprint("a"))).isEmpty();
  }

  @Test
  void beginClearsWhatThePreviousRunWroteSoTheNewManifestOnlyNamesThisRun() {
    StageWorkspace workspace = completedRun("a");
    workspace.begin();
    assertThat(workspace.file("out.txt")).doesNotExist();
    assertThat(workspace.file("sub")).doesNotExist();

    AtomicFiles.writeString(workspace.file("new.txt"), "only this");
    StageResult result = workspace.complete(fingerprint("b"), Map.of());
    assertThat(result.manifest().outputs()).containsOnlyKeys("new.txt");
  }
}
