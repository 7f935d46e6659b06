package io.veriregime.runtime.distill;

import static io.veriregime.runtime.train.Network.weight;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.NormalInitializer;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.StudentConfig;
import io.veriregime.runtime.train.Network;
import io.veriregime.runtime.model.Classes;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The student MLP: flatten → (Linear → activation → Dropout) per hidden width → Linear(→3).
 *
 * <p>Initialisation keeps every layer's pre-activations near unit variance. Each weight is drawn
 * from N(0, 1/(fanIn·m)), where m = E[act(z)²] for z ~ N(0, 1) is the second moment of what the
 * layer receives: 1 for the standardised input features, ½ for relu (He), 3 for x², and 3a²+b² for
 * a·x²+b·x. With the usual Xavier initialisation an x² network squares its scale at every layer
 * (three layers: variance ~10², logits in the hundreds and losses in the thousands on the first
 * step); with this one it starts at the scale it will be trained at.
 */
public final class StudentNetwork implements Network {

  private final SequentialBlock block = new SequentialBlock();
  private final HiddenActivation activation;
  private final List<Linear> linears = new ArrayList<>();
  private final List<PolyActivation> polys = new ArrayList<>();

  StudentNetwork(StudentConfig config, int inputSize) {
    this(config.hidden(), config.dropout(), HiddenActivation.of(config.activation()), inputSize);
  }

  /** Builds linear layer {@code layer} (0 = the first, the last is the output) with {@code units} outputs. */
  @FunctionalInterface
  public interface LinearLayers {
    Linear build(int layer, int units);
  }

  /**
   * @param inputSize window × features
   */
  public StudentNetwork(List<Integer> hidden, double dropout, HiddenActivation activation, int inputSize) {
    this(hidden, dropout, activation, inputSize, (layer, units) -> Linear.builder().setUnits(units).build());
  }

  /**
   * @param linearLayers the linear layers, e.g. ones that fake-quantise their weights for
   *     quantisation-aware fine-tuning (they must compute what {@link #definition} writes)
   */
  public StudentNetwork(List<Integer> hidden, double dropout, HiddenActivation activation, int inputSize,
                        LinearLayers linearLayers) {
    this.activation = activation;
    if (activation instanceof HiddenActivation.Fixed fixed && fixed.coefficients().size() != hidden.size()) {
      throw new IllegalArgumentException("fixed polynomials for " + fixed.coefficients().size() + " layers, but "
          + hidden.size() + " hidden layers");
    }
    block.add(Blocks.batchFlattenBlock());
    int fanIn = inputSize;
    double inputSecondMoment = 1;
    List<Integer> widths = new ArrayList<>(hidden);
    widths.add(Classes.NAMES.size());
    for (int i = 0; i < widths.size(); i++) {
      Linear linear = linearLayers.build(i, widths.get(i));
      linear.setInitializer(new NormalInitializer((float) Math.sqrt(1 / (fanIn * inputSecondMoment))), Parameter.Type.WEIGHT);
      block.add(linear);
      linears.add(linear);
      if (i < widths.size() - 1) {
        block.add(activationBlock(i));
        if (dropout > 0) block.add(Dropout.builder().optRate((float) dropout).build());
        inputSecondMoment = activationSecondMoment();
        fanIn = widths.get(i);
      }
    }
  }

  private Block activationBlock(int layer) {
    if (activation instanceof HiddenActivation.Relu) {
      return ai.djl.nn.Activation.reluBlock();
    } else if (activation instanceof HiddenActivation.Square) {
      return new LambdaBlock(input -> new NDList(input.singletonOrThrow().square()), "square");
    } else if (activation instanceof HiddenActivation.Learnable learnable) {
      PolyActivation poly = new PolyActivation(learnable.constant(), learnable.degree());
      polys.add(poly);
      return poly;
    } else {
      List<Double> coefficients = ((HiddenActivation.Fixed) activation).coefficients().get(layer);
      return new LambdaBlock(input -> new NDList(horner(input.singletonOrThrow(), coefficients)), "fixed-poly");
    }
  }

  /** c₀ + x·(c₁ + x·(c₂ + …)), in the order the ONNX export computes it. */
  private static NDArray horner(NDArray x, List<Double> coefficients) {
    NDArray result = x.mul(coefficients.get(coefficients.size() - 1).floatValue());
    for (int power = coefficients.size() - 2; power >= 1; power--) {
      result = result.add(coefficients.get(power).floatValue()).mul(x);
    }
    return coefficients.get(0) == 0 ? result : result.add(coefficients.get(0).floatValue());
  }

  private double activationSecondMoment() {
    if (activation instanceof HiddenActivation.Relu) {
      return 0.5;
    } else if (activation instanceof HiddenActivation.Square) {
      return 3;
    } else if (activation instanceof HiddenActivation.Learnable) {
      return 3 * PolyActivation.INITIAL_A * PolyActivation.INITIAL_A + PolyActivation.INITIAL_B * PolyActivation.INITIAL_B;
    }
    // fixed polynomials are fine-tuned from a trained student's weights, never trained from this start
    return 1;
  }

  @Override
  public Block block() {
    return block;
  }

  /**
   * Each linear layer's weight {@code (out, in)}, in order, as libtorch holds it: setting its array
   * changes what the network computes (e.g. to probe the loss around the trained weights).
   */
  public List<Parameter> linearWeights() {
    return linears.stream().map(linear -> linear.getParameters().get("weight")).toList();
  }

  /**
   * Replaces the weights and biases of every linear layer with those of {@code model} (a student
   * of the same widths, whatever its activations), to fine-tune from there. Call after the block is
   * initialised (a {@code train.Learner} does it).
   */
  public void loadWeights(ModelDefinition model) {
    List<Layer.Linear> source = model.layers().stream()
        .filter(Layer.Linear.class::isInstance).map(Layer.Linear.class::cast).toList();
    if (source.size() != linears.size()) {
      throw new VeriRegimeException("The student to fine-tune has " + source.size() + " linear layers but this network "
          + linears.size() + "; run distill again with the same student.hidden.");
    }
    for (int i = 0; i < linears.size(); i++) {
      set(linears.get(i), "weight", source.get(i).weight());
      set(linears.get(i), "bias", source.get(i).bias());
    }
  }

  private static void set(Linear linear, String name, Layer.Weight weight) {
    NDArray array = linear.getParameters().get(name).getArray();
    long[] shape = array.getShape().getShape();
    if (!Arrays.equals(shape, Arrays.stream(weight.shape()).asLongStream().toArray())) {
      throw new VeriRegimeException(weight.file() + " has shape " + Arrays.toString(weight.shape()) + " but the network's "
          + name + " has " + Arrays.toString(shape) + "; run distill again with the same student.hidden.");
    }
    array.set(weight.data());
  }

  @Override
  public ModelDefinition definition(List<Integer> input) {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer.Flatten());
    for (int i = 0; i < linears.size(); i++) {
      layers.add(new Layer.Linear(weight(name(i), linears.get(i), "weight"), weight(name(i), linears.get(i), "bias")));
      if (i < linears.size() - 1) {
        layers.add(activationLayer(i));
      }
    }
    return new ModelDefinition("mlp", input, Classes.NAMES, layers);
  }

  private Layer activationLayer(int layer) {
    if (activation instanceof HiddenActivation.Relu) {
      return new Layer.Relu();
    } else if (activation instanceof HiddenActivation.Square) {
      return new Layer.Square();
    } else if (activation instanceof HiddenActivation.Learnable) {
      return new Layer.Poly(polys.get(layer).coefficients());
    }
    return new Layer.Poly(((HiddenActivation.Fixed) activation).coefficients().get(layer));
  }

  private String name(int layer) {
    return layer == linears.size() - 1 ? "out" : "fc" + layer;
  }
}
