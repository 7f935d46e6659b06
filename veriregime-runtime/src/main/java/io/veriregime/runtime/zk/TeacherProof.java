package io.veriregime.runtime.zk;

import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The teacher's proving cost against the student's, in CPU seconds (what a proof costs, which other
 * work on the machine stretches far less than wall time): measured with one proof when zk-compile set
 * the teacher up, otherwise zk-compile's estimate (and why it was not attempted).
 */
final class TeacherProof {

  private final ProvingBackend backend;
  private final int threads;
  private final StageLog log;

  TeacherProof(ProvingBackend backend, int threads, StageLog log) {
    this.backend = backend;
    this.threads = threads;
    this.log = log;
  }

  /**
   * @param teacherDir the teacher's circuit, as zk-compile set it up
   * @param proofDir where the teacher's proof goes
   */
  ProvingReport.TeacherComparison compare(Path teacherDir, CompileSummary.Circuit teacher, Npy.FloatArray features,
                                          Timings studentProveCpu, Path proofDir) {
    ProvingReport.TeacherComparison comparison;
    if (teacher.skipped() != null) {
      comparison = ProvingReport.TeacherComparison.estimated(teacher, studentProveCpu.mean());
    } else {
      log.info(ZkProveStage.NAME + ": proving the teacher once for the speed-up comparison");
      CompiledCircuit circuit = new CompiledCircuit("teacher", teacherDir, teacher.cost());
      Proof proof = backend.proveAll(circuit, features, List.of(0), sample -> proofDir, ProverPool.single(threads))
          .get(0);
      Verification verification = ZkProveStage.verified(circuit, proof, backend.verify(circuit, proof.file()), 0);
      comparison = ProvingReport.TeacherComparison.measured(teacher, proof, verification, studentProveCpu.mean());
      log.info(String.format(Locale.ROOT, "%s: teacher proof %.1f CPU s, %,d MB peak; estimated %.1f CPU s, %,d MB",
          ZkProveStage.NAME, proof.prove().cpuSeconds(), comparison.peakMemoryBytes() >> 20,
          teacher.estimate().proveCpuSeconds(), teacher.estimate().peakMemoryBytes() >> 20));
    }
    log.info(String.format(Locale.ROOT, "%s: teacher/student prove CPU time %.1fx (%s)", ZkProveStage.NAME,
        comparison.teacherOverStudentProveTime(), comparison.ratioIs()));
    return comparison;
  }
}
