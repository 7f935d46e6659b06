package io.veriregime.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDefinitionTest {

  @TempDir Path dir;

  @Test
  void everyLayerTypeReadsBackAsWritten() {
    ModelDefinition model = new ModelDefinition("cnn1d", List.of(6, 2), Classes.NAMES, List.of(
        new Layer.Transpose(List.of(0, 2, 1)),
        new Layer.Conv1d(weight("conv0.weight", 4, 2, 3), weight("conv0.bias", 4), 1, 1,
            new Layer.Quantisation(8, 0.0078125)),
        new Layer.BatchNorm(weight("bn0.gamma", 4), weight("bn0.beta", 4), weight("bn0.runningMean", 4),
            weight("bn0.runningVar", 4), 1e-5),
        new Layer.Relu(),
        new Layer.MaxPool1d(2, 2),
        new Layer.GlobalAvgPool1d(),
        new Layer.Linear(weight("fc0.weight", 5, 4), weight("fc0.bias", 5), new Layer.Quantisation(12, 0.5)),
        Layer.Poly.of(0.12f, 0.98f),
        new Layer.Linear(weight("fc1.weight", 5, 5), weight("fc1.bias", 5)),
        new Layer.Poly(List.of(0.25, 1.0, 0.125)),
        new Layer.Linear(weight("fc2.weight", 5, 5), weight("fc2.bias", 5)),
        new Layer.Poly(List.of(0.0, 1.0, 0.5, -0.0625)),
        new Layer.Square(),
        new Layer.Flatten(),
        new Layer.Linear(weight("out.weight", 3, 5), weight("out.bias", 3))));

    model.write(dir);

    assertThat(ModelDefinition.read(dir)).isEqualTo(model);
  }

  /** The bytes of today's model.json (DEVELOPERS.md "Models"): optional attributes absent, nothing new written. */
  @Test
  void todaysModelsAreWrittenInTodaysFormat() throws IOException {
    new ModelDefinition("mlp", List.of(60, 8), Classes.NAMES, List.of(
        new Layer.Transpose(List.of(0, 2, 1)),
        new Layer.Conv1d(weight("conv0.weight", 1, 60, 1), weight("conv0.bias", 1), 2, 1),
        new Layer.BatchNorm(weight("bn0.gamma", 1), weight("bn0.beta", 1), weight("bn0.runningMean", 1),
            weight("bn0.runningVar", 1), 1e-5),
        new Layer.MaxPool1d(2, 2),
        new Layer.Flatten(),
        new Layer.Linear(weight("fc0.weight", 3, 4), weight("fc0.bias", 3)),
        Layer.Poly.of(0.5f, 0.75f))).write(dir);

    assertThat(Files.readString(dir.resolve("model.json"))).isEqualTo("""
        {
          "classes" : [ "SELL", "HOLD", "BUY" ],
          "input" : [ 60, 8 ],
          "kind" : "mlp",
          "layers" : [ {
            "perm" : [ 0, 2, 1 ],
            "type" : "transpose"
          }, {
            "bias" : "weights/conv0.bias.npy",
            "padding" : 2,
            "stride" : 1,
            "type" : "conv1d",
            "weight" : "weights/conv0.weight.npy"
          }, {
            "beta" : "weights/bn0.beta.npy",
            "eps" : 1.0E-5,
            "gamma" : "weights/bn0.gamma.npy",
            "mean" : "weights/bn0.runningMean.npy",
            "type" : "batchnorm",
            "var" : "weights/bn0.runningVar.npy"
          }, {
            "kernel" : 2,
            "stride" : 2,
            "type" : "maxpool1d"
          }, {
            "type" : "flatten"
          }, {
            "bias" : "weights/fc0.bias.npy",
            "type" : "linear",
            "weight" : "weights/fc0.weight.npy"
          }, {
            "a" : 0.5,
            "b" : 0.75,
            "type" : "poly"
          } ]
        }""");
    assertThat(dir.resolve("weights/fc0.weight.npy")).isRegularFile();
    assertThat(dir.resolve("weights/bn0.runningVar.npy")).isRegularFile();
  }

  @Test
  void aPolyConstantIsReadBesideAAndB() throws IOException {
    writeStudent("{\"type\": \"poly\", \"a\": 0.5, \"b\": 2, \"c\": -1}");

    assertThat(ModelDefinition.read(dir).layers().get(1)).isEqualTo(new Layer.Poly(List.of(-1.0, 2.0, 0.5)));
  }

  @Test
  void malformedQuantisationNamesFileAndLayer() throws IOException {
    new ModelDefinition("mlp", List.of(4), Classes.NAMES, List.of(new Layer.Flatten(),
        new Layer.Linear(weight("fc0.weight", 3, 4), weight("fc0.bias", 3), new Layer.Quantisation(8, 0.1))))
        .write(dir);
    Path json = dir.resolve("model.json");
    Files.writeString(json, Files.readString(json).replace("\"bits\" : 8", "\"bits\" : 0"));

    assertThatThrownBy(() -> ModelDefinition.read(dir))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(dir.resolve("model.json").toString())
        .hasMessageContaining("layer 1 (linear): 'quantisation' {\"bits\":0,\"scale\":0.1} needs a positive integer 'bits'")
        .hasMessageContaining("Fix: re-run the stage that wrote this model directory");
  }

  /** A weight whose values differ from every other weight's. */
  private static Layer.Weight weight(String stem, int... shape) {
    float[] data = new float[Arrays.stream(shape).reduce(1, Math::multiplyExact)];
    for (int i = 0; i < data.length; i++) {
      data[i] = stem.hashCode() % 7 + i * 0.25f;
    }
    return Layer.Weight.of(stem, shape, data);
  }

  private void writeStudent(String secondLayer) throws IOException {
    Files.writeString(dir.resolve("model.json"), "{\"kind\": \"mlp\", \"input\": [60, 8], \"classes\": "
        + "[\"SELL\", \"HOLD\", \"BUY\"], \"layers\": [{\"type\": \"flatten\"}, " + secondLayer + "]}");
  }
}
