package io.veriregime.runtime.optimize;

import io.veriregime.runtime.distill.StudentNetwork;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.model.TrainingCurves;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code qat}: quantisation-aware fine-tuning at {@code optimize.bits} in every linear layer; the
 * fine-tuning itself ({@link #fineTune}) is {@code hawq}'s too, so the two differ only in the widths.
 */
final class QuantisationAware implements CandidateFamily {

  @Override
  public Built build(String name, CandidateContext context) {
    return fineTune(name, context,
        Collections.nCopies(StudentModels.linears(context.distilled()).size(), context.config().bits()));
  }

  /**
   * The distilled student (its activations held at their learnt values) fine-tuned with linear layer
   * i's weights fake-quantised to {@code bits.get(i)}, then written with those weights on their grids
   * and scored again from exactly the written weights, so the scores and the test logits the ONNX
   * export is checked against are the circuit's model.
   */
  static Built fineTune(String name, CandidateContext context, List<Integer> bits) {
    StudentNetwork network = context.network(StudentModels.activationOf(context.distilled()),
        (layer, units) -> new FakeQuantisedLinear(units, bits.get(layer)));
    return context.fineTune(name, network, (learner, curves) -> {
      ModelDefinition trained = network.definition(context.dataset().test().sampleShape());
      double seconds = curves.epochs().stream().mapToDouble(TrainingCurves.Epoch::seconds).sum();
      context.log().info(String.format(Locale.ROOT, "%s: %s: quantisation-aware fine-tuning at %s bits took %.2f s",
          OptimizeStage.NAME, name, bits, seconds));
      ModelDefinition quantised = StudentModels.quantised(trained, bits);
      String widths = bits.stream().distinct().count() == 1 ? bits.get(0) + "-bit"
          : bits.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).orElseThrow() + "-bit";
      return context.writeScored(name, StudentModels.describe(quantised) + " " + widths + " QAT", quantised, curves);
    });
  }
}
