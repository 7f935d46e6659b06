package io.veriregime.runtime.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlanTest {

  @TempDir Path dir;

  private Experiment load(String yaml) throws IOException {
    Files.writeString(dir.resolve("data.csv"), "");
    return ExperimentLoader.load(Files.writeString(dir.resolve("experiment.yaml"),
        "name: study\ndata:\n  files: [data.csv]\n" + yaml), Map.of());
  }

  @Test
  void everyCombinationIsAVariantWithAStableReadableId() throws IOException {
    List<Variant> variants = SweepPlan.variants(load("""
        sweep:
          months: [2024-01, 2024-02]
          grid:
            student.hidden: [[16], [32, 16]]
            student.activation: [square, relu]
        """));

    assertThat(variants).extracting(Variant::id).containsExactly(
        "2024-01_activation-square_hidden-16", "2024-01_activation-square_hidden-32-16",
        "2024-01_activation-relu_hidden-16", "2024-01_activation-relu_hidden-32-16",
        "2024-02_activation-square_hidden-16", "2024-02_activation-square_hidden-32-16",
        "2024-02_activation-relu_hidden-16", "2024-02_activation-relu_hidden-32-16");
    assertThat(variants.get(7).overrides()).containsExactlyInAnyOrderEntriesOf(Map.of("data.start", "2024-02-01",
        "data.end", "2024-02-29", "student.activation", "relu", "student.hidden", "[32, 16]"));
  }

  @Test
  void theExamplesSweepIsTheSixStudentsOfTheStudyOnItsMonth() {
    Experiment example = ExperimentLoader.load(TestData.REPOSITORY_ROOT.resolve("example-project/experiment.yaml"),
        Map.of());

    assertThat(SweepPlan.variants(example)).extracting(Variant::id).containsExactly(
        "activation-square_hidden-16", "activation-square_hidden-32-16", "activation-square_hidden-64-32-16",
        "activation-relu_hidden-16", "activation-relu_hidden-32-16", "activation-relu_hidden-64-32-16");
  }

  @Test
  void withoutASweepTheExperimentItselfIsTheOneVariant() throws IOException {
    assertThat(SweepPlan.variants(load(""))).containsExactly(new Variant("base", Map.of()));
  }

  @Test
  void aValueNoVariantCanUseStopsAtItsPlaceInTheGrid() throws IOException {
    Experiment experiment = load("""
        sweep:
          grid:
            student.activation: [square, rleu]
        """);

    assertThatThrownBy(() -> SweepPlan.variants(experiment))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:6:34: sweep.grid.student.activation[1]: the variant"
            + " {student.activation=rleu} is refused: student.activation: 'rleu' is not one of")
        .hasMessageContaining("Did you mean 'relu'?")
        .hasMessageNotContaining("-Dveriregime");
  }

  @Test
  void anUnknownKeyInTheGridIsNamed() throws IOException {
    Experiment experiment = load("sweep:\n  grid:\n    student.hiden: [[8], [16]]\n");

    assertThatThrownBy(() -> SweepPlan.variants(experiment))
        .hasMessageContaining("sweep.grid.student.hiden[0]")
        .hasMessageContaining("Did you mean 'hidden'?");
  }

  @Test
  void valuesThatOnlyDifferInBracketsWouldShareAnIdAndAreRefused() throws IOException {
    Experiment experiment = load("sweep:\n  grid:\n    distill.temperature: [4, [4]]\n");

    assertThatThrownBy(() -> SweepPlan.variants(experiment))
        .hasMessageContaining("sweep.grid: gives two variants the same id temperature-4");
  }

  @Test
  void theSectionRefusesWhatASweepCannotRun() {
    assertThatThrownBy(() -> load("sweep:\n  months: [2024-13]\n"))
        .hasMessageContaining("sweep.months[0]: '2024-13' is not a month");
    assertThatThrownBy(() -> load("sweep:\n  months: [2024-01]\n  grid:\n    data.start: [2024-01-02]\n"))
        .hasMessageContaining("sweep.grid.data.start: is set by sweep.months for every variant");
    assertThatThrownBy(() -> load("sweep:\n  grid:\n    cluster.parallelism: [1, 2]\n"))
        .hasMessageContaining("sweep.grid.cluster.parallelism: cannot be swept");
    assertThatThrownBy(() -> load("sweep:\n  grid:\n    student.epochs: 3\n"))
        .hasMessageContaining("sweep.grid.student.epochs: expected a list of values, got '3'");
    assertThatThrownBy(() -> load("sweep:\n  grid:\n    distill.alpha: [0.1, 0.1]\n"))
        .hasMessageContaining("sweep.grid.distill.alpha: lists a value twice");
    assertThatThrownBy(() -> load("sweep:\n  grid:\n    seed: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]\n"
        + "    distill.alpha: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0, 0.05, 0.15, 0.25, 0.35]\n"))
        .hasMessageContaining("sweep.grid: makes 272 variants, more than the 256 one sweep runs");
  }
}
