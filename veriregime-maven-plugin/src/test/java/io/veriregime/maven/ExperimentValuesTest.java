package io.veriregime.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pom properties apply like -D, under the command line; the goals' own properties are never experiment keys. */
class ExperimentValuesTest {

  private static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void theCommandLineWinsOverPomPropertiesWhichWinOverTheOverridesMap() {
    Map<String, String> values = ExperimentValues.layered(Map.of("bundle.outputTimestamp", "1"),
        Map.of("teacher.epochs", "3", "student.epochs", "4", "data.window", "30"),
        properties("veriregime.teacher.epochs", "5", "veriregime.student.epochs", "6"),
        properties("veriregime.teacher.epochs", "7"), AbstractStageMojo.MOJO_PROPERTIES);

    assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("bundle.outputTimestamp", "1", "teacher.epochs", "7",
        "student.epochs", "6", "data.window", "30"));
  }

  @Test
  void theGoalsOwnPropertiesAndPomPropertiesOutsideTheExperimentAreLeftAlone() {
    Map<String, String> values = ExperimentValues.layered(Map.of(), Map.of(),
        properties("veriregime.skip", "true", "veriregime.version", "0.1.0", "veriregime.gates.skip", "true",
            "other.teacher.epochs", "9", "veriregime.name", "signals"),
        properties("veriregime.offline", "true"), AbstractStageMojo.MOJO_PROPERTIES);

    assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("gates.skip", "true", "name", "signals"));
  }

  @Test
  void onTheCommandLineAMisspeltSectionIsPassedOnToBeReported() {
    Map<String, String> values = ExperimentValues.layered(Map.of(), Map.of(), new Properties(),
        properties("veriregime.techer.epochs", "5"), Set.of());

    assertThat(values).containsEntry("techer.epochs", "5");
  }
}
