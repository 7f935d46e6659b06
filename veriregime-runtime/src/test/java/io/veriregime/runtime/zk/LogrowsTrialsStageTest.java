package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.LogrowsObjective;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zk-compile's logrows trials with the real EZKL on the tiny student: the table, the choice, and a kept size that proves. */
@RunsTools
class LogrowsTrialsStageTest {

  @TempDir
  Path project;
  final RecordingLog log = new RecordingLog();

  @Test
  void triesTwoSizesBelowTheCalibratedOneAndProvesWithTheOneItKept() {
    StageContext ctx = ZkTestSupport.preparedContext(ZkTestSupport.experiment(project, """
        samples: 1
        teacher: false
        ezkl:
          calibrationSamples: 8
          maxLogrows: 12
          logrowsTrials: 2
          logrowsObjective: memory
        """), project, log);

    StageResult compiled = new ZkCompileStage().run(ctx);

    CompileSummary.Circuit student = ZkCompileStage.readSummary(compiled.directory()).student();
    LogrowsTrials trials = student.logrowsTrials();
    assertThat(trials.objective()).isEqualTo(LogrowsObjective.MEMORY);
    assertThat(trials.trials()).extracting(LogrowsTrials.Trial::logrows)
        .containsExactly(trials.calibratedLogrows(), trials.calibratedLogrows() - 1, trials.calibratedLogrows() - 2);
    LogrowsTrials.Trial kept = trials.trials().stream().filter(t -> t.logrows() == trials.chosenLogrows()).findFirst()
        .orElseThrow();
    assertThat(kept.correct()).isTrue();
    assertThat(trials.trials()).filteredOn(LogrowsTrials.Trial::correct)
        .allSatisfy(t -> assertThat(t.provePeakMemoryBytes()).isGreaterThanOrEqualTo(kept.provePeakMemoryBytes()))
        .allSatisfy(t -> assertThat(t.proveCpuSeconds()).isPositive());
    assertThat(trials.trials()).filteredOn(t -> !t.correct()).allSatisfy(t -> assertThat(t.problem()).isNotBlank());
    // the summary and the files are the kept size's: the setup zk-compile reports made the keys on disk
    assertThat(student.logrows()).isEqualTo(trials.chosenLogrows());
    assertThat(student.setup().pkBytes()).isEqualTo(kept.pkBytes());
    assertThat(compiled.directory().resolve("logrows-trials")).doesNotExist();
    assertThat(compiled.manifest().outputs().keySet()).noneMatch(file -> file.startsWith("logrows-trials"));
    assertThat(log.lines).anyMatch(line -> line.startsWith("INFO zk-compile: logrows trials: kept logrows "));

    ProvingReport proving = ZkProveStage.readReport(new ZkProveStage().run(ctx).directory());
    assertThat(proving.verified()).isTrue();
    assertThat(proving.student().logrows()).isEqualTo(trials.chosenLogrows());
  }
}
