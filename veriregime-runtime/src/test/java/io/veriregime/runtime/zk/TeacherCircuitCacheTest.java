package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teacher's circuit is a unit of zk-compile's own: a new student recompiles the student alone,
 * a new teacher recompiles the teacher. With the real EZKL on the tiny models; the tiny teacher
 * fits the default budget, so it is set up and proved, and its estimate is recorded beside the
 * measurement.
 */
@RunsTools
class TeacherCircuitCacheTest {

  @TempDir
  Path project;
  final RecordingLog log = new RecordingLog();

  @Test
  void aNewStudentDoesNotTouchTheTeachersCircuitAndANewTeacherDoes() {
    StageContext ctx = ZkTestSupport.preparedContext(ZkTestSupport.experiment(project, """
        samples: 1
        ezkl:
          calibrationSamples: 8
          maxLogrows: 12
          logrowsTrials: 0
        """), project, log);
    new ZkCompileStage().run(ctx);
    Path teacherDir = ctx.layout().zkTeacherCircuitDir();
    Map<String, FileTime> teacherFiles = modificationTimes(teacherDir);
    assertThat(teacherFiles).containsKeys("manifest.json", "teacher.json", "settings.json", "model.compiled", "pk.key");

    Npy.FloatArray test = Npy.readFloat(ctx.layout().features("test"));
    ZkTestSupport.asStageOutput(ctx.layout().distillDir(), StageId.DISTILL.goal(),
        () -> SeededModels.student(ctx.layout().distilledStudent(), test, List.of(8), 1.0, 99));
    log.lines.clear();
    StageResult recompiled = new ZkCompileStage().run(ctx);

    assertThat(recompiled.upToDate()).isFalse();
    assertThat(modificationTimes(teacherDir)).isEqualTo(teacherFiles);
    assertThat(log.lines).contains("INFO zk-compile: up to date, skipping (" + teacherDir + ")")
        .noneMatch(line -> line.contains("teacher circuit:"));
    // compile.json carries the teacher unit's summary as that unit wrote it
    assertThat(ZkCompileStage.readSummary(recompiled.directory()).teacher())
        .isEqualTo(JsonFiles.read(teacherDir.resolve(ZkCompileStage.TEACHER_SUMMARY), CompileSummary.Circuit.class));

    ZkTestSupport.asStageOutput(ctx.layout().teacherDir(), StageId.TRAIN_TEACHER.goal(),
        () -> SeededModels.teacher(ctx.layout().teacherModel(), test, List.of(4), List.of(3), 77));
    log.lines.clear();
    new ZkCompileStage().run(ctx);

    assertThat(modificationTimes(teacherDir).get("manifest.json")).isNotEqualTo(teacherFiles.get("manifest.json"));
    assertThat(log.lines).anyMatch(line -> line.startsWith("INFO zk-compile: teacher circuit: logrows"));

    ProvingReport proving = ZkProveStage.readReport(new ZkProveStage().run(ctx).directory());
    ProvingReport.TeacherComparison teacher = proving.teacher();
    assertThat(teacher.proved()).isTrue();
    assertThat(teacher.ratioIs()).isEqualTo("measured");
    assertThat(teacher.proveCpuSeconds()).isPositive();
    assertThat(teacher.teacherOverStudentProveTime())
        .isEqualTo(teacher.proveCpuSeconds() / proving.student().proveCpu().meanSeconds());
    assertThat(teacher.estimate().proveCpuSeconds()).isPositive();
    assertThat(teacher.estimate().domainRows()).isEqualTo(1L << teacher.logrows());
    // within the budget by its uncalibrated estimate, so calibrated, and estimated again from the calibrated circuit
    assertThat(teacher.estimate().basis()).isEqualTo(TeacherEstimate.CALIBRATED_BASIS);
  }

  private static Map<String, FileTime> modificationTimes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      Map<String, FileTime> times = new TreeMap<>();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        times.put(dir.relativize(file).toString(), Files.getLastModifiedTime(file));
      }
      return times;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
