package io.veriregime.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The veriregime packaging's lifecycle must bind every goal to the phase its Mojo declares, so
 * {@code mvn verify} and {@code mvn veriregime:<goal>} agree on where a stage runs.
 */
class LifecycleMappingTest {

  @Test
  void everyGoalIsBoundToItsDefaultPhase() throws Exception {
    Map<String, String> bound = boundGoals();
    Map<String, String> declared = declaredGoals();
    // runs in an aggregating module of pom packaging, after the experiment modules, never in the veriregime lifecycle
    assertThat(declared.remove("report-aggregate")).isEqualTo("verify");
    assertThat(declared).isNotEmpty();
    assertThat(bound).containsExactlyInAnyOrderEntriesOf(declared);
  }

  /**
   * mvn install and mvn deploy publish the bundle, with the plugin versions the root pom manages; deploy
   * checks first that the bundle is proven (or that the user said to deploy it unproven).
   */
  @Test
  void installAndDeployAreBoundWithPinnedVersions() throws Exception {
    Element phases = (Element) parse("META-INF/plexus/components.xml").getElementsByTagName("phases").item(0);

    assertThat(phases.getElementsByTagName("install").item(0).getTextContent().trim())
        .isEqualTo("org.apache.maven.plugins:maven-install-plugin:3.2.0:install");
    assertThat(phases.getElementsByTagName("deploy").item(0).getTextContent().trim())
        .isEqualTo("io.veriregime:veriregime-maven-plugin:check-deploy,"
            + "org.apache.maven.plugins:maven-deploy-plugin:3.2.0:deploy");
  }

  /** goal to phase, from the lifecycle mapping in components.xml */
  private static Map<String, String> boundGoals() throws Exception {
    Map<String, String> goals = new LinkedHashMap<>();
    Element phases = (Element) parse("META-INF/plexus/components.xml").getElementsByTagName("phases").item(0);
    NodeList children = phases.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node phase = children.item(i);
      if (phase.getNodeType() == Node.ELEMENT_NODE) {
        for (String mojo : phase.getTextContent().split(",")) {
          String trimmed = mojo.trim();
          if (trimmed.startsWith("io.veriregime:veriregime-maven-plugin:")) {
            goals.put(trimmed.substring(trimmed.lastIndexOf(':') + 1), phase.getNodeName());
          }
        }
      }
    }
    return goals;
  }

  /** goal to phase, from the plugin descriptor the Mojo annotations generate */
  private static Map<String, String> declaredGoals() throws Exception {
    Map<String, String> goals = new LinkedHashMap<>();
    NodeList mojos = parse("META-INF/maven/plugin.xml").getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      NodeList phase = mojo.getElementsByTagName("phase");
      if (phase.getLength() > 0) {
        goals.put(mojo.getElementsByTagName("goal").item(0).getTextContent(), phase.item(0).getTextContent());
      }
    }
    return goals;
  }

  private static Document parse(String resource) throws Exception {
    try (InputStream in = LifecycleMappingTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
  }
}
