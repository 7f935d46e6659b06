package io.veriregime.runtime.onnx;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.testdata.TestData;
import io.veriregime.runtime.net.Proxies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.model.Classes;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.experiment.ExperimentLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exports seeded-random students and teachers, runs them in ONNX Runtime through
 * {@link OnnxCheck} on real test features (fetch-data on one recorded day of BTCUSDT klines) and
 * compares with the logits of {@link ReferenceModel}'s independent forward pass.
 */
@RunsTools
class OnnxExporterTest {

  private static final Path JANUARY_2024 = TestData.JANUARY_2024;
  private static final int SAMPLES = 10;
  private static final double TOLERANCE = 1e-4;

  @TempDir static Path data;
  private static Path features;
  private static Npy.FloatArray featureValues;

  @TempDir Path tmp;

  @BeforeAll
  static void fetchRealFeatures() throws IOException {
    Path yaml = data.resolve("experiment.yaml");
    Files.writeString(yaml, "name: onnx-test\ndata:\n  source: csv\n  files: [\"" + JANUARY_2024.toAbsolutePath()
        + "\"]\n  start: 2024-01-02\n  end: 2024-01-02\n");
    StageContext ctx = new StageContext(ExperimentLoader.load(yaml, Map.of()), Layout.at(data.resolve("target/veriregime")),
        true, Proxies.NONE, false, StageLog.stdout());
    features = new DataStage().run(ctx).directory().resolve("test.features.npy");
    featureValues = Npy.readFloat(features);
  }

  static Stream<Arguments> students() {
    return Stream.of(
        Arguments.of("square", List.of("Flatten", "Gemm", "Mul", "Gemm", "Mul", "Gemm")),
        Arguments.of("poly", List.of("Flatten", "Gemm", "Mul", "Add", "Mul", "Gemm", "Mul", "Add", "Mul", "Gemm")),
        Arguments.of("relu", List.of("Flatten", "Gemm", "Relu", "Gemm", "Relu", "Gemm")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("students")
  void studentMatchesReferenceInOnnxRuntime(String activation, List<String> expectedOps) throws IOException {
    Path modelDir = writeModel(student(activation, 11), "student-" + activation);
    Path onnx = tmp.resolve("zk/student.onnx");

    OnnxExport export = OnnxExporter.export(modelDir, onnx);
    OnnxCheckResult check = OnnxCheck.check(onnx, modelDir, features, SAMPLES, TOLERANCE);

    assertThat(export.modelKind()).isEqualTo("mlp");
    assertThat(export.opset()).isEqualTo(13);
    assertThat(export.inputShape()).containsExactly(1L, 60L, 8L);
    assertThat(export.outputShape()).containsExactly(1L, 3L);
    assertThat(export.parameterCount()).isEqualTo(480 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3
        + (activation.equals("poly") ? 4 : 0));
    assertThat(ops(onnx)).containsExactlyElementsOf(expectedOps);
    assertThat(check.samples()).isEqualTo(SAMPLES);
    assertThat(check.maxAbsDifference()).isLessThan(TOLERANCE);
    assertThat(check.argmaxAgreements()).isEqualTo(SAMPLES);
  }

  @Test
  void studentWithEveryActivationInOneNetwork() {
    ReferenceModel model = new ReferenceModel("mlp", 5);
    model.add(model.flatten())
        .add(model.linear("fc0", 480, 16)).add(model.square())
        .add(model.linear("fc1", 16, 12)).add(model.poly(0.12f, 0.98f))
        .add(model.linear("fc2", 12, 8)).add(model.relu())
        .add(model.linear("out", 8, 3));
    Path modelDir = writeModel(model, "student-mixed");
    Path onnx = tmp.resolve("mixed.onnx");

    OnnxExporter.export(modelDir, onnx);

    assertThat(OnnxCheck.check(onnx, modelDir, features, SAMPLES, TOLERANCE).maxAbsDifference())
        .isLessThan(TOLERANCE);
  }

  @Test
  void teacherWithFoldedBatchNormMatchesReference() throws IOException {
    Path modelDir = writeModel(teacher(13), "teacher");
    Path onnx = tmp.resolve("zk/teacher.onnx");

    OnnxExport export = OnnxExporter.export(modelDir, onnx);
    OnnxCheckResult check = OnnxCheck.check(onnx, modelDir, features, SAMPLES, TOLERANCE);

    assertThat(export.modelKind()).isEqualTo("cnn1d");
    assertThat(ops(onnx)).containsExactly("Transpose", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool",
        "GlobalAveragePool", "Flatten", "Gemm");
    assertThat(check.maxAbsDifference()).isLessThan(TOLERANCE);
    assertThat(check.argmaxAgreements()).isEqualTo(SAMPLES);
  }

  @Test
  void batchSizeIsAParameterAndAPartialLastBatchIsChecked() throws IOException {
    Path modelDir = writeModel(teacher(17), "teacher");
    Path onnx = tmp.resolve("teacher-batch4.onnx");

    OnnxExport export = OnnxExporter.export(modelDir, onnx, 4);
    OnnxCheckResult check = OnnxCheck.check(onnx, modelDir, features, SAMPLES, TOLERANCE);

    assertThat(export.batchSize()).isEqualTo(4);
    assertThat(ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph().getInput(0).getType().getTensorType()
        .getShape().getDim(0).getDimValue()).isEqualTo(4);
    assertThat(check.samples()).isEqualTo(SAMPLES);
    assertThat(check.maxAbsDifference()).isLessThan(TOLERANCE);
  }

  @Test
  void sameModelGivesIdenticalBytes() throws IOException {
    Path modelDir = writeModel(student("square", 3), "student");

    OnnxExport first = OnnxExporter.export(modelDir, tmp.resolve("a/student.onnx"));
    OnnxExport second = OnnxExporter.export(modelDir, tmp.resolve("b/student.onnx"));

    assertThat(Files.readAllBytes(second.onnxFile())).isEqualTo(Files.readAllBytes(first.onnxFile()));
    assertThat(second.sha256()).isEqualTo(first.sha256());
    try (Stream<Path> leftovers = Files.list(tmp.resolve("a"))) {
      assertThat(leftovers).containsExactly(tmp.resolve("a/student.onnx"));
    }
  }

  @Test
  void logitsThatDisagreeFailTheCheckWithTheFigure() {
    Path modelDir = writeModel(student("square", 19), "student");
    Path onnx = tmp.resolve("student.onnx");
    OnnxExporter.export(modelDir, onnx);
    Npy.FloatArray logits = Npy.readFloat(modelDir.resolve("test.logits.npy"));
    float[] tampered = logits.data().clone();
    tampered[3 * 3 + 1] += 0.25f;
    Npy.writeFloat(modelDir.resolve("test.logits.npy"), logits.shape(), tampered);

    assertThatThrownBy(() -> OnnxCheck.check(onnx, modelDir, features, SAMPLES, TOLERANCE))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(onnx.toString())
        .hasMessageContaining(modelDir.toString())
        .hasMessageContaining("by up to 0.2500")
        .hasMessageContaining("worst at sample 3")
        .hasMessageContaining("Fix: re-run the stage that trained the model");
  }

  @Test
  void modelWithoutTestLogitsCannotBeChecked() throws IOException {
    Path modelDir = writeModel(student("relu", 47), "student");
    Path onnx = tmp.resolve("student.onnx");
    OnnxExporter.export(modelDir, onnx);
    Files.delete(modelDir.resolve("test.logits.npy"));

    assertThatThrownBy(() -> OnnxCheck.check(onnx, modelDir, features, SAMPLES, TOLERANCE))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(modelDir.resolve("test.logits.npy") + " does not exist")
        .hasMessageContaining("re-run the stage that trained it (train-teacher or distill)");
  }

  @Test
  void unknownLayerTypeNamesFileAndLayer() throws IOException {
    Path modelDir = writeModel(student("square", 23), "student");
    rewriteModelJson(modelDir, "\"square\"", "\"gelu\"");

    assertThatThrownBy(() -> OnnxExporter.export(modelDir, tmp.resolve("x.onnx")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(modelDir.resolve("model.json").toString())
        .hasMessageContaining("layer 2 has unknown type 'gelu'")
        .hasMessageContaining("supported: flatten, linear, square, poly, relu")
        .hasMessageContaining("Fix: re-run the stage that wrote this model directory");
    assertThat(tmp.resolve("x.onnx")).doesNotExist();
  }

  @Test
  void missingWeightFileNamesFileAndLayer() throws IOException {
    Path modelDir = writeModel(student("relu", 29), "student");
    Files.delete(modelDir.resolve("weights/fc1.weight.npy"));

    assertThatThrownBy(() -> OnnxExporter.export(modelDir, tmp.resolve("x.onnx")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(modelDir.resolve("model.json").toString())
        .hasMessageContaining("layer 3 (linear): weight file weights/fc1.weight.npy ('weight') does not exist");
  }

  @Test
  void weightShapeMismatchNamesFileLayerAndShapes() {
    ReferenceModel model = new ReferenceModel("mlp", 31);
    model.add(model.flatten())
        .add(model.linear("fc0", 480, 16)).add(model.square())
        .add(model.linear("fc1", 15, 8)).add(model.square())
        .add(model.linear("out", 8, 3));
    Path modelDir = writeModel(model, "student");

    assertThatThrownBy(() -> OnnxExporter.export(modelDir, tmp.resolve("x.onnx")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(modelDir.resolve("model.json").toString())
        .hasMessageContaining("layer 3 (linear): weights/fc1.weight.npy has shape [8, 15] but the layer's input "
            + "(batch, 16) needs (out, 16)");
  }

  @Test
  void batchNormNotAfterConvIsRejectedAtItsLayer() throws IOException {
    ReferenceModel model = new ReferenceModel("cnn1d", 37);
    model.add(model.transpose()).add(model.batchNorm("bn0", 8)).add(model.globalAvgPool1d())
        .add(model.linear("fc", 8, 3));
    Path modelDir = writeModel(model, "teacher");

    assertThatThrownBy(() -> OnnxExporter.export(modelDir, tmp.resolve("x.onnx")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("layer 1 (batchnorm): a batchnorm must directly follow a conv1d");
  }

  @Test
  void quantisedWeightsOffTheirGridAreRefusedAtTheirLayer() {
    Path modelDir = tmp.resolve("student");
    float[] weights = new float[12];
    java.util.Arrays.fill(weights, 0.5f);
    weights[7] = 0.3f;
    new ModelDefinition("mlp", List.of(2, 2), Classes.NAMES, List.of(new Layer.Flatten(),
        new Layer.Linear(Layer.Weight.of("out.weight", new int[] {3, 4}, weights),
            Layer.Weight.of("out.bias", new int[] {3}, new float[3]), new Layer.Quantisation(4, 0.25)))).write(modelDir);

    assertThatThrownBy(() -> OnnxExporter.export(modelDir, tmp.resolve("x.onnx")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(modelDir.resolve("model.json").toString())
        .hasMessageContaining("layer 1 (linear): weights/out.weight.npy[7] = 0.3 is not on the 4-bit grid of scale 0.25");
    assertThat(tmp.resolve("x.onnx")).doesNotExist();
  }

  @Test
  void missingModelJsonSaysWhichStageToRun() {
    assertThatThrownBy(() -> OnnxExporter.export(tmp.resolve("distill/distilled"), tmp.resolve("x.onnx")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("distill/distilled/model.json does not exist")
        .hasMessageContaining("train-teacher or distill");
  }

  @Test
  void logitsFromOtherSamplesAreRejected() {
    Path modelDir = writeModel(student("square", 41), "student");
    Path onnx = tmp.resolve("student.onnx");
    OnnxExporter.export(modelDir, onnx);
    Path otherFeatures = tmp.resolve("other.features.npy");
    ReferenceModel.writeFeatures(otherFeatures, 12, 43);

    assertThatThrownBy(() -> OnnxCheck.check(onnx, modelDir, otherFeatures, SAMPLES, TOLERANCE))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("test.logits.npy has shape [" + featureValues.rows() + ", 3]")
        .hasMessageContaining("other.features.npy has shape [12, 60, 8]")
        .hasMessageContaining("the logits were not computed on these samples");
  }

  // ---- fixtures

  private static ReferenceModel student(String activation, long seed) {
    return ReferenceModel.student(seed, activation, 16, 8);
  }

  /** The contract's teacher, narrower. */
  private static ReferenceModel teacher(long seed) {
    return ReferenceModel.teacher(seed, 6, 4);
  }

  private Path writeModel(ReferenceModel model, String name) {
    return model.writeModelDir(tmp.resolve(name), featureValues);
  }

  private static List<String> ops(Path onnx) throws IOException {
    return ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).toList();
  }

  private static void rewriteModelJson(Path modelDir, String from, String to) throws IOException {
    Path json = modelDir.resolve("model.json");
    Files.writeString(json, Files.readString(json).replaceFirst(from, to));
  }
}
