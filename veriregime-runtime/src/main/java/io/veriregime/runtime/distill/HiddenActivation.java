package io.veriregime.runtime.distill;

import io.veriregime.runtime.experiment.Activation;
import java.util.List;

/** What each hidden layer of a student computes after its linear map. */
public sealed interface HiddenActivation {

  record Relu() implements HiddenActivation {}

  /** x². */
  record Square() implements HiddenActivation {}

  /**
   * A polynomial learnt per layer ({@link PolyActivation}).
   *
   * @param constant whether it has a constant term c
   * @param degree 2 (a·x² + b·x [+ c]) or 3 (d·x³ + a·x² + b·x [+ c])
   */
  record Learnable(boolean constant, int degree) implements HiddenActivation {}

  /**
   * A polynomial fixed in advance, one per hidden layer (e.g. a fit of ReLU over that layer's
   * pre-activations): nothing of it is trained, only the weights around it.
   *
   * @param coefficients per hidden layer, ascending powers
   */
  record Fixed(List<List<Double>> coefficients) implements HiddenActivation {
    public Fixed {
      coefficients = coefficients.stream().map(List::copyOf).toList();
    }
  }

  /** {@code student.activation}. */
  static HiddenActivation of(Activation activation) {
    return switch (activation) {
      case RELU -> new Relu();
      case SQUARE -> new Square();
      case POLY -> new Learnable(false, 2);
    };
  }
}
