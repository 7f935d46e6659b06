package io.veriregime.runtime.optimize;

import io.veriregime.runtime.distill.HiddenActivation;
import io.veriregime.runtime.distill.StudentNetwork;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.model.ModelDirectory;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.train.TrainingData;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code relu}, {@code square}, {@code poly2}, {@code poly3}, {@code relu-fit}, {@code gelu-fit}:
 * the distilled student fine-tuned with other hidden activations, either given ({@link #to}) or
 * fixed polynomial fits of a function over each layer's observed pre-activations ({@link #fitting}).
 */
final class ActivationSwap implements CandidateFamily {

  private final Function<CandidateContext, List<ActivationFit>> fits;
  private final Function<List<ActivationFit>, HiddenActivation> activation;

  private ActivationSwap(Function<CandidateContext, List<ActivationFit>> fits,
                         Function<List<ActivationFit>, HiddenActivation> activation) {
    this.fits = fits;
    this.activation = activation;
  }

  /** Fine-tuned with this activation in every hidden layer (a learnable one learns during fine-tuning). */
  static ActivationSwap to(Supplier<HiddenActivation> activation) {
    return new ActivationSwap(context -> List.of(), none -> activation.get());
  }

  /**
   * Fine-tuned with a fixed least-squares fit of {@code function} of degree {@code optimize.fitDegree}
   * per hidden layer, over the range that layer's pre-activations take ({@link LayerFits}).
   */
  static ActivationSwap fitting(DoubleUnaryOperator function) {
    return new ActivationSwap(
        context -> LayerFits.fit(context.distilled(), context.dataset().train(), function, context.config().fitDegree()),
        layerFits -> new HiddenActivation.Fixed(layerFits.stream().map(ActivationFit::coefficients).toList()));
  }

  @Override
  public Built build(String name, CandidateContext context) {
    List<ActivationFit> layerFits = fits.apply(context);
    StudentNetwork network = context.network(activation.apply(layerFits));
    Path modelDir = context.directory(name);
    return context.fineTune(name, network, (learner, curves) -> {
      TrainingData dataset = context.dataset();
      float[] testLogits = learner.logits(dataset.test());
      ModelMetrics metrics = dataset.metrics(name, learner.logits(dataset.validation()), testLogits, curves);
      ModelDirectory.write(modelDir, network.definition(dataset.test().sampleShape()), testLogits, metrics, curves);
      return Built.of(StudentModels.describe(ModelDefinition.read(modelDir)), modelDir, metrics, layerFits);
    });
  }
}
