package io.veriregime.runtime.optimize;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.testdata.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.distill.DistillStage;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.onnx.OnnxCheck;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.testdata.Figures;
import io.veriregime.runtime.train.TeacherStage;
import io.veriregime.runtime.zk.ZkCompileStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real goal on a tiny real project (one day of BTCUSDT klines, 8-minute windows, a 64→16→8→3
 * student): every candidate fine-tuned with DJL, exported, checked in ONNX Runtime against its DJL
 * logits, compiled by the real EZKL; then zk-compile proves the chosen one.
 */
@RunsTools
class OptimizeStageTest {

  @TempDir static Path project;
  static StageContext ctx;
  static StageResult result;
  static Selection selection;
  static RecordingLog log = new RecordingLog();

  @BeforeAll
  static void optimize() throws Exception {
    Path yaml = Files.writeString(project.resolve("experiment.yaml"), "name: optimize-test\nseed: 7\n"
        + TestData.oneDayOfData(8) + """
        teacher:
          epochs: 1
        student:
          hidden: [16, 8]
          epochs: 2
        optimize:
          candidates: [relu, square, poly2, poly3, relu-fit, gelu-fit, ptq, qat, hawq]
          bits: 6
          epochs: 1
          hawq:
            probes: 4
        zk:
          teacher: false
          ezkl:
            calibrationSamples: 5
        """);
    Layout layout = Layout.at(project.resolve("target/veriregime")).withOptimizedStudent(true);
    ctx = new StageContext(ExperimentLoader.load(yaml, Map.of()), layout, false, Proxies.NONE, false, log);
    new DataStage().run(ctx);
    new TeacherStage().run(ctx);
    new DistillStage().run(ctx);
    result = new OptimizeStage().run(ctx);
    selection = JsonFiles.read(layout.optimizeSelection(), Selection.class);
  }

  @Test
  void everyCandidateIsFineTunedExportedCheckedAndCosted() {
    assertThat(selection.candidates()).extracting(Selection.Candidate::name)
        .containsExactly("distilled", "relu", "square", "poly2", "poly3", "relu-fit", "gelu-fit", "ptq", "qat", "hawq");
    for (Selection.Candidate candidate : selection.candidates()) {
      assertThat(candidate.failure()).as(candidate.name()).isNull();
      assertThat(candidate.onnxMaxAbsDifference()).as(candidate.name()).isLessThan(OnnxCheck.DEFAULT_TOLERANCE * 100);
      assertThat(candidate.cost().rows()).as(candidate.name()).isPositive();
      assertThat(candidate.onnxSha256()).isEqualTo(Hashing.sha256(ctx.layout().optimizeDir().resolve(candidate.onnx())));
    }
    assertThat(selection.candidates().get(0).validationDrop()).isZero();
  }

  @Test
  void candidatesHaveTheActivationsTheyWereFineTunedWith() {
    Layout layout = ctx.layout();
    assertThat(ModelDefinition.read(layout.optimizeCandidate("relu")).layers()).hasAtLeastOneElementOfType(Layer.Relu.class);
    Layer.Poly cubic = (Layer.Poly) ModelDefinition.read(layout.optimizeCandidate("poly3")).layers().get(2);
    assertThat(cubic.degree()).isEqualTo(3);
    Selection.Candidate reluFit = selection.candidates().stream().filter(c -> c.name().equals("relu-fit")).findFirst().orElseThrow();
    assertThat(reluFit.fits()).hasSize(2);
    Layer.Poly fitted = (Layer.Poly) ModelDefinition.read(layout.optimizeCandidate("relu-fit")).layers().get(2);
    assertThat(fitted.coefficients()).isEqualTo(reluFit.fits().get(0).coefficients());
    assertThat(reluFit.fits().get(0).low()).isLessThan(reluFit.fits().get(0).high());
    Layer.Linear quantised = (Layer.Linear) ModelDefinition.read(layout.optimizeCandidate("ptq")).layers().get(1);
    assertThat(quantised.quantisation().bits()).isEqualTo(6);
  }

  @Test
  void quantisedCandidatesAreExportedOnTheirGridsWithTheirWidthsRecorded() {
    Layout layout = ctx.layout();
    assertThat(linears("qat")).allSatisfy(linear -> assertThat(linear.quantisation().bits()).isEqualTo(6));
    Selection.Candidate hawq = candidate("hawq");
    MixedPrecision mixed = hawq.mixedPrecision();
    assertThat(mixed).isNotNull();
    assertThat(candidate("qat").mixedPrecision()).isNull();
    // 64→16→8→3: three linear layers, each with a trace, Ω at 4..8 bits and a width in that range
    assertThat(mixed.layers()).extracting(MixedPrecision.LayerSensitivity::layer).containsExactly("fc0", "fc1", "out");
    assertThat(mixed.layers()).extracting(MixedPrecision.LayerSensitivity::parameters).containsExactly(1024L, 128L, 24L);
    for (MixedPrecision.LayerSensitivity layer : mixed.layers()) {
      assertThat(layer.hessianTrace()).as(layer.layer()).isFinite();
      assertThat(layer.hessianTraceStandardError()).as(layer.layer()).isFinite().isNotNegative();
      assertThat(layer.omega()).extracting(MixedPrecision.Omega::bits).containsExactly(4, 5, 6, 7, 8);
      assertThat(layer.bits()).isBetween(4, 8);
    }
    assertThat(mixed.averageBits()).isLessThanOrEqualTo(6.5).isEqualTo(
        mixed.layers().stream().mapToDouble(l -> l.parameters() * l.bits()).sum() / (1024 + 128 + 24));
    assertThat(mixed.probes()).isEqualTo(4);
    // the exported model has exactly the allocated widths
    assertThat(linears("hawq")).extracting(linear -> linear.quantisation().bits())
        .containsExactlyElementsOf(mixed.layers().stream().map(MixedPrecision.LayerSensitivity::bits).toList());
    // the circuit's change is measured against the distilled student's, whatever it is
    Selection.Candidate distilled = candidate("distilled");
    assertThat(mixed.circuit().rowsChange()).isEqualTo(hawq.cost().rows() - distilled.cost().rows());
    assertThat(mixed.circuit().statement()).contains(String.format(java.util.Locale.ROOT, "%,d rows", hawq.cost().rows()));
    assertThat(result.manifest().metrics()).containsEntry("hawqRowsChangeVsDistilled", mixed.circuit().rowsChange());
    assertThat(Files.exists(layout.optimizeCandidate("hawq").resolve("circuit").resolve("student.onnx"))).isTrue();
  }

  private static java.util.List<Layer.Linear> linears(String candidate) {
    return ModelDefinition.read(ctx.layout().optimizeCandidate(candidate)).layers().stream()
        .filter(Layer.Linear.class::isInstance).map(Layer.Linear.class::cast).toList();
  }

  private static Selection.Candidate candidate(String name) {
    return selection.candidates().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theChosenOneIsWithinTheDropAndIsWhatZkCompileProves() throws Exception {
    Selection.Candidate chosen = selection.candidates().stream().filter(c -> c.name().equals(selection.chosen()))
        .findFirst().orElseThrow();
    assertThat(chosen.validationDrop()).isLessThanOrEqualTo(0.03);
    Layout layout = ctx.layout();
    assertThat(layout.studentSource().stage()).isEqualTo(StageId.OPTIMIZE);
    assertThat(Layout.at(layout.root()).studentSource().stage()).isEqualTo(StageId.DISTILL);
    assertThat(Files.readString(ModelFiles.modelJson(layout.optimizedStudent())))
        .isEqualTo(Files.readString(ModelFiles.modelJson(layout.optimizeDir().resolve(chosen.directory()))));

    new ZkCompileStage().run(ctx);

    assertThat(Hashing.sha256(layout.zkCompileDir().resolve("student.onnx"))).isEqualTo(chosen.onnxSha256());
    Figures.record("optimize-candidates", selection.candidates().stream().map(candidate -> String.format(Locale.ROOT,
        "%-9s val acc %.4f f1 %.4f | test acc %.4f f1 %.4f | drop %+.4f | rows %d logrows %d%s", candidate.name(),
        candidate.validation().accuracy(), candidate.validation().macroF1(), candidate.test().accuracy(),
        candidate.test().macroF1(), candidate.validationDrop(), candidate.cost().rows(), candidate.cost().logrows(),
        candidate.name().equals(selection.chosen()) ? "  CHOSEN" : "")).collect(Collectors.joining(System.lineSeparator())));
  }

  @Test
  void nothingChangedMeansSkipped() {
    assertThat(new OptimizeStage().run(ctx).upToDate()).isTrue();
  }
}
