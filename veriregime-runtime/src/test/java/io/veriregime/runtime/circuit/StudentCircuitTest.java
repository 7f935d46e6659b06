package io.veriregime.runtime.circuit;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.testdata.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.onnx.ReferenceModel;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiler on real windows (fetch-data on two recorded days of BTCUSDT klines: calibrated on
 * the train split, checked on the test split) with seeded students of the design's shape, smaller:
 * the witness equals the fixed-point reference exactly, satisfies the R1CS, and matches the float
 * model (the {@link ReferenceModel} oracle's own forward pass) within the quantisation error.
 */
@RunsTools
class StudentCircuitTest {

  private static final Path JANUARY_2024 = TestData.JANUARY_2024;

  @TempDir static Path data;
  private static Npy.FloatArray train;
  private static Npy.FloatArray test;

  @TempDir Path tmp;

  @BeforeAll
  static void fetchRealWindows() throws IOException {
    Path yaml = data.resolve("experiment.yaml");
    Files.writeString(yaml, "name: circuit-test\ndata:\n  source: csv\n  files: [\"" + JANUARY_2024.toAbsolutePath()
        + "\"]\n  start: 2024-01-02\n  end: 2024-01-03\n");
    StageContext ctx = new StageContext(ExperimentLoader.load(yaml, Map.of()), Layout.at(data.resolve("target/veriregime")),
        true, Proxies.NONE, false, StageLog.silent());
    Path dir = new DataStage().run(ctx).directory();
    train = Npy.readFloat(dir.resolve("train.features.npy"));
    test = Npy.readFloat(dir.resolve("test.features.npy"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"square", "poly", "relu"})
  void witnessEqualsTheFixedPointReferenceAndTheFloatModelWithinTheQuantisationError(String activation) {
    Path modelDir = ReferenceModel.student(3, activation, 16, 8).writeModelDir(tmp.resolve(activation), test);
    float[] floatLogits = Npy.readFloat(modelDir.resolve("test.logits.npy")).data();

    StudentCircuit circuit = StudentCircuit.compile(modelDir, FixedPointOptions.DEFAULT, train);

    ModelDefinition model = ModelDefinition.read(modelDir);
    int agreements = 0;
    for (int row = 0; row < test.rows(); row++) {
      float[] window = window(test, row);
      Witness witness = circuit.witness(window);
      FixedPointModel.Inference reference = circuit.fixedPoint().infer(window);
      assertThat(witness.logits()).containsExactly(reference.logits());
      assertThat(witness.floatLogits()).containsExactly(reference.floatLogits());
      if (row < 5) {
        assertThat(circuit.r1cs().isSatisfiedBy(witness.wires())).isTrue();
      }
      // the oracle's logits, computed in double from the float32 weights, are stored as float32
      double[] expected = new double[3];
      for (int c = 0; c < 3; c++) {
        expected[c] = floatLogits[row * 3 + c];
      }
      assertWithinQuantisationError(model, window, witness, expected, 0x1p-23);
      agreements += ClassificationMetrics.argmax(expected) == ClassificationMetrics.argmax(witness.floatLogits()) ? 1 : 0;
    }
    assertThat(agreements).isGreaterThanOrEqualTo(test.rows() - 1);
  }

  @Test
  void moreFractionBitsBringTheCircuitCloserToTheFloatModel() {
    Path modelDir = ReferenceModel.student(5, "square", 16, 8).writeModelDir(tmp.resolve("square"), test);
    float[] floatLogits = Npy.readFloat(modelDir.resolve("test.logits.npy")).data();

    double coarse = largestError(StudentCircuit.compile(modelDir, new FixedPointOptions(8, 1, false), train), floatLogits);
    double fine = largestError(StudentCircuit.compile(modelDir, new FixedPointOptions(16, 1, false), train), floatLogits);

    assertThat(fine).isLessThan(coarse / 16);
  }

  @Test
  void theDesignStudentCostsOneMultiplicationAndOneTruncationPerHiddenNeuron() {
    Path modelDir = ReferenceModel.student(2, "square", 128, 64, 32).writeModelDir(tmp.resolve("design"), test);

    StudentCircuit circuit = StudentCircuit.compile(modelDir, FixedPointOptions.DEFAULT, train);

    ConstraintReport report = circuit.report();
    assertThat(report.layers()).extracting(ConstraintReport.LayerConstraints::type)
        .containsExactly("flatten", "linear", "square", "linear", "square", "linear", "square", "linear");
    int[] widths = {128, 64, 32};
    for (int l = 0; l < 3; l++) {
      ConstraintReport.LayerConstraints square = report.layers().get(2 + 2 * l);
      // the product, the bits of the truncation (booleanity each), their sum, the quotient's binding
      assertThat(square.constraints()).isEqualTo(widths[l] * (1 + square.rangeBits() + 1 + 1));
      // unquantised weights at 2^-13: the product is at 2^-52, the shift 39, plus the magnitude
      assertThat(square.rangeBits()).isEqualTo(39 + circuit.fixedPoint().hidden().get(l).magnitudeBits());
    }
    assertThat(report.layers().get(7).constraints()).isEqualTo(3);
    assertThat(report.constraints()).isEqualTo(report.layers().stream().mapToInt(ConstraintReport.LayerConstraints::constraints).sum());
    assertThat(report.linearConstraints()).isEqualTo(2 * (128 + 64 + 32) + 3);
    assertThat(report.publicInputs()).isEqualTo(480);
    assertThat(report.publicOutputs()).isEqualTo(3);
    assertThat(report.wires()).isEqualTo(circuit.r1cs().wires());
  }

  @Test
  void aChangedOutputOrActivationIsRejected() {
    Path modelDir = ReferenceModel.student(3, "relu", 16, 8).writeModelDir(tmp.resolve("relu"), test);
    StudentCircuit circuit = StudentCircuit.compile(modelDir, FixedPointOptions.DEFAULT, train);
    Witness witness = circuit.witness(window(test, 0));

    BigInteger[] changedLogit = witness.wires().clone();
    changedLogit[1] = changedLogit[1].add(BigInteger.ONE);
    BigInteger[] changedInput = witness.wires().clone();
    changedInput[1 + 3] = changedInput[1 + 3].add(BigInteger.ONE);
    BigInteger[] changedLastWire = witness.wires().clone();
    int last = changedLastWire.length - 1;
    changedLastWire[last] = changedLastWire[last].add(BigInteger.ONE);

    assertThat(circuit.r1cs().isSatisfiedBy(witness.wires())).isTrue();
    assertThat(circuit.r1cs().isSatisfiedBy(changedLogit)).isFalse();
    assertThat(circuit.r1cs().isSatisfiedBy(changedInput)).isFalse();
    assertThat(circuit.r1cs().isSatisfiedBy(changedLastWire)).isFalse();
  }

  @Test
  void packedInputsGiveTheSameLogitsFromAFewPublicSignalsTheVerifierCanCompute() {
    Path modelDir = ReferenceModel.student(2, "square", 128, 64, 32).writeModelDir(tmp.resolve("design"), test);
    StudentCircuit plain = StudentCircuit.compile(modelDir, FixedPointOptions.DEFAULT, train);

    StudentCircuit packed = StudentCircuit.compile(modelDir, FixedPointOptions.DEFAULT.withPackedInputs(true), train);

    ConstraintReport.InputPacking packing = packed.report().inputPacking();
    assertThat(plain.report().inputPacking()).isNull();
    assertThat(packing.values()).isEqualTo(480);
    assertThat(packing.bitsPerInput()).isEqualTo(packed.fixedPoint().inputMagnitudeBits() + 1);
    assertThat(packing.inputsPerSignal() * packing.bitsPerInput()).isLessThanOrEqualTo(253);
    assertThat(packed.report().publicInputs()).isEqualTo(packing.signals()).isEqualTo((480 + packing.inputsPerSignal() - 1)
        / packing.inputsPerSignal());
    assertThat(packed.r1cs().privateInputs()).isEqualTo(480);
    // a range check per value (its booleans and their sum) and one binding per signal, nothing else changes
    assertThat(packing.constraints()).isEqualTo(480 * (packing.bitsPerInput() + 1) + packing.signals());
    assertThat(packed.report().constraints()).isEqualTo(plain.report().constraints() + packing.constraints());
    for (int row = 0; row < test.rows(); row += 7) {
      Witness witness = packed.witness(window(test, row));
      assertThat(witness.logits()).containsExactly(plain.witness(window(test, row)).logits());
      long[] values = packed.fixedPoint().quantiseInput(window(test, row));
      // the public signals are the window packed as ConstraintReport.InputPacking documents it
      for (int k = 0; k < packing.signals(); k++) {
        BigInteger expected = BigInteger.ZERO;
        for (int j = 0; j < packing.inputsPerSignal() && k * packing.inputsPerSignal() + j < 480; j++) {
          expected = expected.add(BigInteger.valueOf(values[k * packing.inputsPerSignal() + j])
              .add(BigInteger.ONE.shiftLeft(packing.offsetBits())).shiftLeft(packing.bitsPerInput() * j));
        }
        assertThat(witness.wires()[1 + 3 + k]).isEqualTo(expected);
      }
    }
    assertThat(packed.r1cs().isSatisfiedBy(packed.witness(window(test, 0)).wires())).isTrue();
  }

  @Test
  void aPackedSignalOfAnotherWindowIsRejected() {
    Path modelDir = ReferenceModel.student(3, "relu", 16, 8).writeModelDir(tmp.resolve("relu"), test);
    StudentCircuit circuit = StudentCircuit.compile(modelDir, FixedPointOptions.DEFAULT.withPackedInputs(true), train);
    BigInteger[] valid = circuit.witness(window(test, 0)).wires();
    int firstSignal = 1 + 3;

    BigInteger[] otherSignal = valid.clone();
    otherSignal[firstSignal] = otherSignal[firstSignal].add(BigInteger.ONE);

    assertThat(circuit.r1cs().isSatisfiedBy(valid)).isTrue();
    assertThat(circuit.r1cs().isSatisfiedBy(otherSignal)).isFalse();
  }

  @Test
  void valuesThatCarryIntoTheNextPlaceHaveNoWitnessAndAreNotPacked() {
    // 4 values of 3 bits plus the sign offset: one signal of four 4-bit places
    ConstraintReport.InputPacking packing = ConstraintReport.InputPacking.of(4, 3);
    CircuitBuilder circuit = new CircuitBuilder(0, packing.signals(), 4);
    int[] values = IntStream.range(0, 4).map(circuit::privateInput).toArray();
    StudentCircuit.packInputs(circuit, packing, values);
    R1cs r1cs = circuit.r1cs();
    long[] honest = {5, -8, 7, 0};
    BigInteger signal = packing.pack(honest)[0];
    // the same signal from other values: the first carries 2^4 into the second's place
    long[] carried = {5 + 16, -8 - 1, 7, 0};

    assertThat(packing.signals()).isOne();
    assertThat(r1cs.isSatisfiedBy(circuit.witness(given(signal, honest)))).isTrue();
    assertThat(signal).isEqualTo(BigInteger.valueOf(5 + 8).add(BigInteger.valueOf(-8 + 8).shiftLeft(4))
        .add(BigInteger.valueOf(7 + 8).shiftLeft(8)).add(BigInteger.valueOf(8).shiftLeft(12)));
    assertThatThrownBy(() -> circuit.witness(given(signal, carried)))
        .isInstanceOf(Gadgets.OutOfRange.class).hasMessageContaining("input 0 does not fit its range check of 4 bits");
    assertThatThrownBy(() -> packing.pack(carried))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 0 is 21, outside [-2^3, 2^3)");
  }

  private static BigInteger[] given(BigInteger signal, long[] values) {
    return Stream.concat(Stream.of(signal), LongStream.of(values).mapToObj(BigInteger::valueOf))
        .toArray(BigInteger[]::new);
  }

  @Test
  void aMixedPrecisionAllocationChangesTheConstraintCount() {
    ModelDefinition model = ModelDefinition.read(
        ReferenceModel.student(2, "square", 32, 16).writeModelDir(tmp.resolve("student"), test));

    ConstraintReport eight = compile(FloatStudent.quantised(model, List.of(8))).report();
    ConstraintReport twelve = compile(FloatStudent.quantised(model, List.of(12))).report();
    ConstraintReport mixed = compile(FloatStudent.quantised(model, List.of(12, 8, 8))).report();

    assertThat(eight.constraints()).isLessThan(mixed.constraints()).isLessThan(twelve.constraints());
    // the first layer's product carries the first grid (squared), so its truncation widens with its bits
    assertThat(mixed.layers().get(2).rangeBits()).isGreaterThan(eight.layers().get(2).rangeBits());
    assertThat(mixed.layers().get(2).rangeBits()).isEqualTo(twelve.layers().get(2).rangeBits());
  }

  @Test
  void aQuantisedStudentMatchesItsFloatModel() {
    ModelDefinition model = FloatStudent.quantised(ModelDefinition.read(
        ReferenceModel.student(4, "poly", 16, 8).writeModelDir(tmp.resolve("student"), test)), List.of(6, 8, 10));
    StudentCircuit circuit = compile(model);

    assertMatchesReferenceAndFloatModel(circuit, model, 1);
  }

  @Test
  void aCubicPolynomialStudent() {
    ModelDefinition square = ModelDefinition.read(
        ReferenceModel.student(6, "square", 8).writeModelDir(tmp.resolve("student"), test));
    List<Layer> layers = new ArrayList<>(square.layers());
    layers.set(2, new Layer.Poly(List.of(-0.02, 1.01, 0.09, -0.004)));
    ModelDefinition model = new ModelDefinition(square.kind(), square.input(), square.classes(), layers);

    StudentCircuit circuit = compile(model);

    // Horner: two multiplications per neuron, then the signed truncation
    ConstraintReport.LayerConstraints poly = circuit.report().layers().get(2);
    assertThat(poly.constraints()).isEqualTo(8 * (2 + poly.rangeBits() + 2));
    assertMatchesReferenceAndFloatModel(circuit, model, 7);
  }

  @Test
  void aPolynomialWithoutItsSquareTermCostsNoMultiplicationAndAConstantOneIsRefused() {
    ModelDefinition square = ModelDefinition.read(
        ReferenceModel.student(6, "square", 8).writeModelDir(tmp.resolve("student"), test));
    List<Layer> linear = new ArrayList<>(square.layers());
    linear.set(2, Layer.Poly.of(0, 0.98));
    ModelDefinition model = new ModelDefinition(square.kind(), square.input(), square.classes(), linear);
    List<Layer> constant = new ArrayList<>(square.layers());
    constant.set(2, new Layer.Poly(List.of(0.5, 0.0, 0.0)));

    StudentCircuit circuit = compile(model);

    ConstraintReport.LayerConstraints poly = circuit.report().layers().get(2);
    assertThat(poly.constraints()).isEqualTo(8 * (poly.rangeBits() + 2));
    float[] window = window(test, 3);
    assertWithinQuantisationError(model, window, circuit.witness(window), FloatStudent.logits(model, window), 0);
    assertThat(circuit.r1cs().isSatisfiedBy(circuit.witness(window).wires())).isTrue();
    assertThatThrownBy(() -> compile(new ModelDefinition("mlp", square.input(), square.classes(), constant)))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("layer 2 (poly): all its coefficients above x⁰ are 0");
  }

  @Test
  void aReluRangeChecksItsNegativeInputsToo() {
    ModelDefinition relu = ModelDefinition.read(
        ReferenceModel.student(6, "relu", 8).writeModelDir(tmp.resolve("student"), test));
    List<Layer> layers = new ArrayList<>(relu.layers());
    Layer.Linear first = (Layer.Linear) layers.get(1);
    float[] negative = first.bias().data().clone();
    for (int o = 0; o < negative.length; o++) {
      negative[o] -= 20;
    }
    layers.set(1, new Layer.Linear(first.weight(), new Layer.Weight(first.bias().file(), first.bias().shape(), negative)));
    StudentCircuit circuit = compile(new ModelDefinition("mlp", relu.input(), relu.classes(), layers));

    for (int row = 0; row < test.rows(); row += 10) {
      Witness witness = circuit.witness(window(test, row));
      assertThat(circuit.r1cs().isSatisfiedBy(witness.wires())).isTrue();
    }
  }

  @Test
  void aWindowBeyondTheCalibratedRangeIsRefusedWithTheFix() {
    Path modelDir = ReferenceModel.student(3, "square", 16, 8).writeModelDir(tmp.resolve("square"), test);
    StudentCircuit circuit = StudentCircuit.compile(modelDir, new FixedPointOptions(13, 0, false), train);
    float[] window = window(test, 0);
    for (int i = 0; i < window.length; i++) {
      window[i] *= 64;
    }

    assertThatThrownBy(() -> circuit.witness(window))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("calibrated")
        .hasMessageContaining("Fix: compile the circuit with this window among its calibration windows");
  }

  @Test
  void aModelTheCompilerCannotTakeIsRefusedNamingTheLayer() {
    ModelDefinition square = ModelDefinition.read(
        ReferenceModel.student(6, "square", 8).writeModelDir(tmp.resolve("student"), test));
    List<Layer> quartic = new ArrayList<>(square.layers());
    quartic.set(2, new Layer.Poly(List.of(0.0, 1.0, 0.1, 0.0, 0.01)));
    List<Layer> twoLinears = new ArrayList<>(square.layers());
    twoLinears.remove(2);

    assertThatThrownBy(() -> compile(new ModelDefinition("mlp", square.input(), square.classes(), quartic)))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("model.json: layer 2 (poly): the circuit compiler takes a student of the form")
        .hasMessageContaining("Fix: prove this model with the EZKL backend");
    assertThatThrownBy(() -> compile(new ModelDefinition("mlp", square.input(), square.classes(), twoLinears)))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("layer 2 (linear)");
  }

  @Test
  void weightsOffTheirQuantisationGridAreRefused() {
    ModelDefinition model = ModelDefinition.read(
        ReferenceModel.student(6, "square", 8).writeModelDir(tmp.resolve("student"), test));
    List<Layer> layers = new ArrayList<>(model.layers());
    Layer.Linear first = (Layer.Linear) layers.get(1);
    layers.set(1, new Layer.Linear(first.weight(), first.bias(), new Layer.Quantisation(8, 0.01)));

    assertThatThrownBy(() -> compile(new ModelDefinition("mlp", model.input(), model.classes(), layers)))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("layer 1 (linear): weight [0, 0]")
        .hasMessageContaining("8-bit integers times the scale 0.01");
  }

  /** |circuit − float| within {@link FloatStudent#errorBound} (plus the float logits' own relative rounding). */
  private static void assertWithinQuantisationError(ModelDefinition model, float[] window, Witness witness,
                                                    double[] expected, double relativeRounding) {
    double[] bound = FloatStudent.errorBound(model, window, FixedPointOptions.DEFAULT.fractionBits());
    for (int c = 0; c < expected.length; c++) {
      assertThat(witness.floatLogits()[c])
          .isCloseTo(expected[c], within(bound[c] + relativeRounding * Math.abs(expected[c])));
    }
  }

  private StudentCircuit compile(ModelDefinition model) {
    return StudentCircuit.compile(model, tmp, FixedPointOptions.DEFAULT, train);
  }

  private static double largestError(StudentCircuit circuit, float[] floatLogits) {
    double largest = 0;
    for (int row = 0; row < test.rows(); row++) {
      double[] logits = circuit.witness(window(test, row)).floatLogits();
      for (int c = 0; c < 3; c++) {
        largest = Math.max(largest, Math.abs(logits[c] - floatLogits[row * 3 + c]));
      }
    }
    return largest;
  }

  static float[] window(Npy.FloatArray features, int row) {
    return features.row(row);
  }

  private static double[] toDouble(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  /**
   * On every {@code step}-th test window the circuit's outputs equal the fixed-point reference's
   * exactly and the float model's within the quantisation error; the first window's witness satisfies the R1CS.
   */
  private void assertMatchesReferenceAndFloatModel(StudentCircuit circuit, ModelDefinition model, int step) {
    for (int row = 0; row < test.rows(); row += step) {
      float[] window = window(test, row);
      Witness witness = circuit.witness(window);
      assertThat(witness.logits()).containsExactly(circuit.fixedPoint().infer(window).logits());
      assertWithinQuantisationError(model, window, witness, FloatStudent.logits(model, window), 0);
    }
    assertThat(circuit.r1cs().isSatisfiedBy(circuit.witness(window(test, 0)).wires())).isTrue();
  }

}
