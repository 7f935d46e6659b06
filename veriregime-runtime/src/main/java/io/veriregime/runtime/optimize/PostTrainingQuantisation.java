package io.veriregime.runtime.optimize;

import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.model.TrainingCurves;
import java.util.Collections;
import java.util.List;

/**
 * {@code ptq}: the distilled student with its linear weights on an {@code optimize.bits} grid, no
 * fine-tuning, scored with DJL (the same network, its activations fixed at the learnt values).
 */
final class PostTrainingQuantisation implements CandidateFamily {

  @Override
  public Built build(String name, CandidateContext context) {
    int bits = context.config().bits();
    ModelDefinition distilled = context.distilled();
    ModelDefinition quantised = StudentModels.quantised(distilled,
        Collections.nCopies(StudentModels.linears(distilled).size(), bits));
    TrainingCurves none = new TrainingCurves(name, List.of(), 0, false, 0);
    return context.writeScored(name, StudentModels.describe(quantised) + " " + bits + "-bit", quantised, none);
  }
}
