package io.veriregime.runtime.distill;

import static io.veriregime.runtime.train.Network.weight;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.NormalInitializer;
import io.veriregime.runtime.experiment.Activation;
import io.veriregime.runtime.experiment.StudentConfig;
import io.veriregime.runtime.train.TrainingData;
import io.veriregime.runtime.train.Network;
import io.veriregime.runtime.model.Classes;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import java.util.ArrayList;
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
final class StudentNetwork implements Network {

  private final SequentialBlock block = new SequentialBlock();
  private final Activation activation;
  private final List<Linear> linears = new ArrayList<>();
  private final List<PolyActivation> polys = new ArrayList<>();

  StudentNetwork(StudentConfig config, int inputSize) {
    this.activation = config.activation();
    block.add(Blocks.batchFlattenBlock());
    int fanIn = inputSize;
    double inputSecondMoment = 1;
    List<Integer> widths = new ArrayList<>(config.hidden());
    widths.add(Classes.NAMES.size());
    for (int i = 0; i < widths.size(); i++) {
      Linear linear = Linear.builder().setUnits(widths.get(i)).build();
      linear.setInitializer(new NormalInitializer((float) Math.sqrt(1 / (fanIn * inputSecondMoment))), Parameter.Type.WEIGHT);
      block.add(linear);
      linears.add(linear);
      if (i < widths.size() - 1) {
        block.add(activationBlock());
        if (config.dropout() > 0) block.add(Dropout.builder().optRate((float) config.dropout()).build());
        inputSecondMoment = activationSecondMoment();
        fanIn = widths.get(i);
      }
    }
  }

  private Block activationBlock() {
    return switch (activation) {
      case RELU -> ai.djl.nn.Activation.reluBlock();
      case SQUARE -> new LambdaBlock(input -> new NDList(input.singletonOrThrow().square()), "square");
      case POLY -> {
        PolyActivation poly = new PolyActivation();
        polys.add(poly);
        yield poly;
      }
    };
  }

  private double activationSecondMoment() {
    return switch (activation) {
      case RELU -> 0.5;
      case SQUARE -> 3;
      case POLY -> 3 * PolyActivation.INITIAL_A * PolyActivation.INITIAL_A + PolyActivation.INITIAL_B * PolyActivation.INITIAL_B;
    };
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public ModelDefinition definition(List<Integer> input) {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer.Flatten());
    for (int i = 0; i < linears.size(); i++) {
      layers.add(new Layer.Linear(weight(name(i), linears.get(i), "weight"), weight(name(i), linears.get(i), "bias")));
      if (i < linears.size() - 1) {
        layers.add(switch (activation) {
          case RELU -> new Layer.Relu();
          case SQUARE -> new Layer.Square();
          case POLY -> Layer.Poly.of(polys.get(i).a(), polys.get(i).b());
        });
      }
    }
    return new ModelDefinition("mlp", input, Classes.NAMES, layers);
  }

  private String name(int layer) {
    return layer == linears.size() - 1 ? "out" : "fc" + layer;
  }
}
