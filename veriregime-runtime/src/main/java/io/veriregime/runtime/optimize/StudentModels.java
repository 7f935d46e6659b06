package io.veriregime.runtime.optimize;

import io.veriregime.runtime.distill.HiddenActivation;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import java.nio.file.Path;
import java.util.List;

/** What the candidate families read from and do to a student's model.json, without DJL. */
final class StudentModels {

  private StudentModels() {}

  /** The model with linear layer i's weights on a {@code bits.get(i)} grid. */
  static ModelDefinition quantised(ModelDefinition model, List<Integer> bits) {
    return new ModelDefinition(model.kind(), model.input(), model.classes(),
        UniformQuantiser.quantiseLinears(model.layers(), bits));
  }

  static List<Layer.Linear> linears(ModelDefinition model) {
    return model.layers().stream().filter(Layer.Linear.class::isInstance).map(Layer.Linear.class::cast).toList();
  }

  /** The layer's name in model.json's weight files, e.g. {@code fc0} for {@code weights/fc0.weight.npy}. */
  static String layerName(Layer.Linear linear) {
    return Path.of(linear.weight().file()).getFileName().toString().replace(".weight.npy", "");
  }

  /** The model's hidden activations, with learnt polynomials held at their learnt values. */
  static HiddenActivation activationOf(ModelDefinition model) {
    List<Layer> activations = activations(model);
    if (activations.get(0) instanceof Layer.Relu) {
      return new HiddenActivation.Relu();
    } else if (activations.get(0) instanceof Layer.Square) {
      return new HiddenActivation.Square();
    }
    return new HiddenActivation.Fixed(activations.stream().map(layer -> ((Layer.Poly) layer).coefficients()).toList());
  }

  /** The hidden activations as model.json has them, e.g. {@code square} or {@code poly3}. */
  static String describe(ModelDefinition model) {
    return activations(model).stream()
        .map(layer -> layer instanceof Layer.Poly poly ? "poly" + poly.degree() : layer.type())
        .distinct().reduce((a, b) -> a + "," + b).orElse("none");
  }

  private static List<Layer> activations(ModelDefinition model) {
    return model.layers().stream().filter(layer -> !(layer instanceof Layer.Flatten || layer instanceof Layer.Linear))
        .toList();
  }
}
