package io.veriregime.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.codehaus.plexus.configuration.DefaultPlexusConfiguration;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.junit.jupiter.api.Test;

/** The pom's nested elements become key paths with YAML values, as the runtime binds them. */
class InlineExperimentsTest {

  private static PlexusConfiguration element(String name, String value, PlexusConfiguration... children) {
    DefaultPlexusConfiguration element = new DefaultPlexusConfiguration(name, value);
    for (PlexusConfiguration child : children) {
      element.addChild(child);
    }
    return element;
  }

  @Test
  void leavesBecomeKeyPathsInDocumentOrder() throws MojoFailureException {
    PlexusConfiguration inline = element("inlineExperiment", null,
        element("name", " signals "),
        element("student", null, element("hidden", "[16, 8]"), element("epochs", "2")),
        element("zk", null, element("ezkl", null, element("calibrationSamples", "5"))),
        element("bundle", null, element("outputTimestamp", null)));

    assertThat(InlineExperiments.flatten(inline)).containsExactly(Map.entry("name", "signals"),
        Map.entry("student.hidden", "[16, 8]"), Map.entry("student.epochs", "2"),
        Map.entry("zk.ezkl.calibrationSamples", "5"), Map.entry("bundle.outputTimestamp", ""));
    assertThat(InlineExperiments.flatten(null)).isEmpty();
  }

  @Test
  void aKeyWrittenTwiceIsRefusedWithTheListForm() {
    PlexusConfiguration inline = element("inlineExperiment", null,
        element("student", null, element("hidden", "16"), element("hidden", "8")));

    assertThatThrownBy(() -> InlineExperiments.flatten(inline))
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("<inlineExperiment>: student.hidden appears twice in the pom. Keep one of them; a list is one"
            + " element holding a YAML list, e.g. <hidden>[16, 8]</hidden>.");
  }
}
