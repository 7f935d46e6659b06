package io.veriregime.runtime.bundle;

import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.experiment.BundleConfig;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.proving.CircuitFileRoles;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.stage.Versions;
import io.veriregime.runtime.zk.CompileSummary;
import io.veriregime.runtime.zk.ProvingReport;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * bundle: the model bundle zip (student ONNX; the compiled circuit and the files its verifier reads,
 * as the proving backend's {@code CircuitFileRoles} names them; a development SRS when the verifier
 * reads it; the proofs with their inputs and witnesses, the report when it ran, every stage's
 * manifest and {@code provenance.json}), plus the files published beside it by classifier
 * ({@link Attachment}), all in {@code bundle/} and listed in {@code bundle.json}.
 * Every input is taken only after its stage's directory was checked against its manifest; the zip's
 * bytes depend only on those inputs, the configuration and {@code bundle.outputTimestamp}.
 */
public final class BundleStage implements Stage {

  static final String NAME = StageId.BUNDLE.goal();
  private static final String REPORT_HTML = "report.html";
  private static final String PROOFS_DIR = "proofs/";

  @Override
  public String name() {
    return NAME;
  }

  /** The experiment's name (it names the zip) and the {@code bundle:} section. */
  @Override
  public Object configuration(ExperimentConfig config) {
    return Map.of("name", config.name(), "bundle", config.bundle());
  }

  @Override
  public StageResult run(StageContext ctx) {
    Layout layout = ctx.layout();
    StageLog log = ctx.log();
    BundleConfig config = ctx.experiment().config().bundle();
    Map<StageId, Upstream> stages = new LinkedHashMap<>();
    stages.put(StageId.FETCH_DATA, Upstream.verify(layout.dataDir(), StageId.FETCH_DATA, log));
    stages.put(StageId.TRAIN_TEACHER, Upstream.verify(layout.teacherDir(), StageId.TRAIN_TEACHER, log));
    stages.put(StageId.DISTILL, Upstream.verify(layout.distillDir(), StageId.DISTILL, log));
    // the stage that produced the proved student, when it is not distill (optimize): its manifest too
    Layout.StudentSource studentSource = layout.studentSource();
    if (!studentSource.stage().equals(StageId.DISTILL)) {
      stages.put(studentSource.stage(), Upstream.verify(studentSource.stageDir(), studentSource.stage(), log));
    }
    Upstream compiled = Upstream.verify(layout.zkCompileDir(), StageId.ZK_COMPILE, log);
    stages.put(StageId.ZK_COMPILE, compiled);
    Optional<Upstream> provedOrNot = proofs(layout, compiled, ctx.provingSkipped(), log);
    provedOrNot.ifPresent(proved -> stages.put(StageId.ZK_PROVE, proved));
    String unproven = provedOrNot.isPresent() ? null : "proving was skipped: " + ctx.provingSkipped();
    report(layout, log).ifPresent(report -> stages.put(StageId.REPORT, report));

    // a stage's manifest lists the hashes of all its outputs, so its hash stands for all of them
    Fingerprint.Builder builder = Fingerprint.builder().config("configuration", configuration(ctx.experiment().config()))
        .tool("veriregime", Versions.veriregime());
    if (unproven != null) {
      builder.config("unproven", unproven);
    }
    stages.forEach((stage, upstream) -> builder.inputHash(stage + "/" + StageWorkspace.MANIFEST,
        Hashing.sha256(upstream.dir().resolve(StageWorkspace.MANIFEST))));
    Fingerprint fingerprint = builder.build();
    StageWorkspace workspace = ctx.workspace(NAME, layout.bundleDir());
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return reused.get();
    }

    CompileSummary compileSummary = ZkCompileStage.readSummary(layout.zkCompileDir());
    CompileSummary.Circuit student = compileSummary.student();
    Optional<ProvingReport> proving = provedOrNot.map(proved -> ZkProveStage.readReport(proved.dir()));
    // the backend that built the proofs, as zk-prove recorded it (else the circuit's), says which files are what
    String backend = proving.map(ProvingReport::backend).orElse(compileSummary.backend());
    String backendVersion = proving.map(ProvingReport::backendVersion).orElse(compileSummary.backendVersion());
    ProvingSystem system = ProvingBackends.named(backend);
    CircuitFileRoles roles = ProvingBackends.circuitFileRoles(system);
    Path circuitDir = layout.zkCompileDir();
    BundleEntries entries = new BundleEntries();
    stages.forEach((stage, upstream) ->
        entries.add("manifests/" + stage + ".json", upstream.dir().resolve(StageWorkspace.MANIFEST), null));
    Path onnx = layout.zkCompileDir().resolve(student.onnx());
    entries.add(Provenance.MODEL_DIR + "/" + student.onnx(), onnx, compiled);
    for (String file : roles.compiled()) {
      Path path = circuitDir.resolve(file);
      if (Files.isDirectory(path)) {
        // a directory (Groth16's model/) is packed whole, as zk-compile's manifest lists its files
        compiled.outputsUnder(path).keySet().forEach(inner -> entries.add(Provenance.circuitEntry(file + "/" + inner),
            path.resolve(inner), compiled));
      } else {
        entries.add(Provenance.circuitEntry(file), path, compiled);
      }
    }
    roles.verifying().values()
        .forEach(file -> entries.add(Provenance.circuitEntry(file), circuitDir.resolve(file), compiled));
    SortedMap<String, String> verifying = Provenance.verifyingEntries(roles);
    SetupMaterial srs = student.srs();
    // a generated SRS the verifier reads cannot be made again (gen_srs draws a fresh secret): it travels with the keys
    boolean srsIncluded = roles.verifierNeedsSetupMaterial() && !srs.secure();
    Path srsFile = circuitDir.resolve(srs.file());
    if (srsIncluded) {
      entries.add(Provenance.circuitEntry(srs.file()), srsFile, compiled);
    }
    if (!srs.secure()) {
      log.warn(NAME + ": " + (srsIncluded ? "the bundle carries the development SRS zk-compile generated; "
          : "the bundle's keys were made from development setup material; ") + srs.warning());
    }
    Path provingKey = circuitDir.resolve(roles.provingKey());
    if (config.includeProvingKey()) {
      entries.add(Provenance.circuitEntry(roles.provingKey()), provingKey, compiled);
    }
    List<String> proofs = provedOrNot.map(proved -> addProofs(entries, proved, proving.get(), layout)).orElse(List.of());
    Upstream report = stages.get(StageId.REPORT);
    if (report != null) {
      report.outputsUnder(report.dir()).keySet()
          .forEach(file -> entries.add("report/" + file, report.dir().resolve(file), report));
    }

    Provenance provenance = new Provenance(Provenance.FORMAT, ctx.experiment().config().name(),
        tools(backend, backendVersion), config.timestamp().toString(),
        new Provenance.Circuit(system.yamlName(), backendVersion, "student", Provenance.CIRCUIT_DIR, verifying,
            student.logrows(), student.rows(), student.rowsAre(), student.totalAssignments(), student.inputScale(),
            student.paramScale(), student.layerBits()),
        srs, srsIncluded ? Provenance.circuitEntry(srs.file()) : null, config.includeProvingKey(), compiled.hash(provingKey), proofs,
        entries.hashes(), unproven);
    Path provenanceFile = workspace.file(Provenance.FILE);
    JsonFiles.write(provenanceFile, provenance);
    entries.files.put(Provenance.FILE, provenanceFile);

    String zipName = ctx.experiment().config().name() + ".zip";
    ReproducibleZip.write(workspace.file(zipName), entries.files, config.timestamp());
    SortedMap<String, Path> proofEntries = new TreeMap<>();
    entries.files.forEach((entry, file) -> {
      if (entry.startsWith(PROOFS_DIR) || entry.equals(Provenance.FILE)) {
        proofEntries.put(entry, file);
      }
    });

    SortedMap<String, String> attachments = new TreeMap<>();
    attach(attachments, workspace, Attachment.PROOFS, null);
    ReproducibleZip.write(workspace.file(Attachment.PROOFS.fileName()), proofEntries, config.timestamp());
    attach(attachments, workspace, Attachment.MODEL, onnx);
    roles.verifying().forEach((role, file) -> attach(attachments, workspace, Attachment.of(role, file),
        circuitDir.resolve(file)));
    if (srsIncluded) {
      attach(attachments, workspace, Attachment.of(Attachment.SETUP_MATERIAL, srs.file()), srsFile);
    }
    if (config.includeProvingKey()) {
      attach(attachments, workspace, Attachment.of(Attachment.PROVING_KEY, roles.provingKey()), provingKey);
    }
    if (report != null && Files.isRegularFile(report.dir().resolve(REPORT_HTML))) {
      attach(attachments, workspace, Attachment.REPORT, report.dir().resolve(REPORT_HTML));
    }
    JsonFiles.write(layout.bundleIndex(), new BundleIndex(zipName, attachments, unproven));

    log.info(NAME + ": " + workspace.file(zipName) + " (" + entries.files.size() + " entries, " + proofs.size()
        + " proofs" + (unproven == null ? "" : ", UNPROVEN: " + unproven) + (report == null ? ", no report" : "") + (config.includeProvingKey() ? ", with the proving key" : "")
        + "); attached: " + String.join(", ", attachments.keySet()));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("entries", entries.files.size());
    metrics.put("proofs", proofs.size());
    metrics.put("unproven", unproven != null);
    metrics.put("report", report != null);
    metrics.put("provingKeyIncluded", config.includeProvingKey());
    metrics.put("srsIncluded", srsIncluded);
    return workspace.complete(fingerprint, metrics);
  }

  /**
   * zk-prove's outputs, checked and of the circuit being packed (the keys packed must be the ones the
   * proofs verify against). Empty only when this build skipped proving on purpose and there are no
   * proofs of this circuit: the bundle is then built unproven and says so.
   */
  private static Optional<Upstream> proofs(Layout layout, Upstream compiled, String provingSkipped, StageLog log) {
    boolean present = Files.isRegularFile(layout.zkProveDir().resolve(StageWorkspace.MANIFEST));
    if (provingSkipped == null || present) {
      Upstream proved = Upstream.verify(layout.zkProveDir(), StageId.ZK_PROVE, log);
      if (provingSkipped == null || ZkProveStage.provedFrom(proved, compiled)) {
        ZkProveStage.requireProvedFrom(proved, compiled, layout.features("test"), NAME);
        return Optional.of(proved);
      }
    }
    log.info(NAME + ": no proofs of this circuit (proving was skipped: " + provingSkipped + "); the bundle is unproven");
    return Optional.empty();
  }

  /** Adds the proofs of the rounds zk-prove recorded (not its tampered copies) and returns the proof entries. */
  private static List<String> addProofs(BundleEntries entries, Upstream proved, ProvingReport proving, Layout layout) {
    Set<String> rounds = proving.student().rounds().stream().map(ProvingReport.Round::directory).collect(Collectors.toSet());
    proved.outputsUnder(proved.dir()).keySet().stream()
        .filter(file -> !file.contains("/") || rounds.contains(file.substring(0, file.indexOf('/'))))
        .forEach(file -> entries.add(PROOFS_DIR + file, proved.dir().resolve(file), proved));
    return proving.student().rounds().stream()
        .map(round -> PROOFS_DIR + proved.dir().relativize(layout.proof(round.directory())).toString().replace('\\', '/'))
        .toList();
  }

  /**
   * The report's directory, checked, when the report goal has written one. Without a manifest there
   * is nothing to check its files against, so they are left out (and the log says so), never bundled
   * unchecked.
   */
  private static Optional<Upstream> report(Layout layout, StageLog log) {
    Path dir = layout.reportDir();
    if (Files.isRegularFile(dir.resolve(StageWorkspace.MANIFEST))) {
      return Optional.of(Upstream.verify(dir, StageId.REPORT, log));
    }
    log.info(NAME + ": no report in " + dir + " (the report goal has not run); bundling without it");
    return Optional.empty();
  }

  /** Copies {@code source} into the bundle directory under the attachment's file name (null: written by the caller). */
  private static void attach(SortedMap<String, String> attachments, StageWorkspace workspace, Attachment attachment,
                             Path source) {
    String file = attachment.fileName();
    if (source != null) {
      AtomicFiles.write(workspace.file(file), out -> Files.copy(source, out));
    }
    attachments.put(attachment.classifier(), file);
  }

  /** VeriRegime and the engines that made the bundle's files: the proving backend, under its name. */
  private static SortedMap<String, String> tools(String backend, String backendVersion) {
    SortedMap<String, String> tools = new TreeMap<>();
    tools.put("veriregime", Versions.veriregime());
    tools.put(backend, backendVersion);
    tools.put("djl", Versions.djl());
    tools.put("pytorch", Versions.pytorch());
    tools.put("onnxruntime", Versions.onnxruntime());
    tools.put("ta4j", Versions.ta4j());
    return tools;
  }
}
