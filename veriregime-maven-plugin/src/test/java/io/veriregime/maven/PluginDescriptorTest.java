package io.veriregime.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.maven.help.HelpMojo;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What users and IDEs read about the plugin: help text, m2e metadata, the properties of the Mojos. */
class PluginDescriptorTest {

  @Test
  void m2eMetadataCoversEveryGoal() throws Exception {
    Set<String> listed = texts(parse("META-INF/m2e/lifecycle-mapping-metadata.xml"), "goal");
    Set<String> goals = goals();

    assertThat(goals).contains("fetch-data", "train-teacher", "distill", "optimize", "zk-compile", "zk-prove", "help");
    assertThat(listed).containsExactlyInAnyOrderElementsOf(goals);
  }

  @Test
  void helpTextShowsTheOverridePropertyPattern() throws Exception {
    String help = help();

    assertThat(help).doesNotContain("-Dveriregime.=").contains("-Dveriregime.KEY.PATH=value")
        .contains("-Dveriregime.teacher.epochs=5").doesNotContain("zk.ezklExecutable");
    assertThat(help).contains("veriregime:fetch-data", "veriregime:zk-prove", "veriregime.skipProve");
  }

  /**
   * mvn help:describe reads descriptions in plugin.xml as HTML and drops every tag, so
   * "-Dveriregime.&lt;key.path&gt;=value" came out as "-Dveriregime.=value". Our own goals' texts
   * must survive that (the generated help goal's text is plugin-tools' own).
   */
  @Test
  void helpDescribeLosesNothingFromOurDescriptions() throws Exception {
    NodeList mojos = parse("META-INF/maven/plugin.xml").getElementsByTagName("mojo");
    List<String> descriptions = new ArrayList<>();
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      if (!mojo.getElementsByTagName("goal").item(0).getTextContent().equals("help")) {
        NodeList texts = mojo.getElementsByTagName("description");
        for (int j = 0; j < texts.getLength(); j++) {
          descriptions.add(texts.item(j).getTextContent());
        }
      }
    }
    assertThat(descriptions).isNotEmpty();
    assertThat(descriptions).allSatisfy(text -> assertThat(text.replaceAll("<[^>]*>", "")).isEqualTo(text));
    assertThat(descriptions).anyMatch(text -> text.contains("-Dveriregime.KEY.PATH=value"));
    assertThat(descriptions).noneMatch(text -> text.contains("zk.ezklExecutable"));
  }

  @Test
  void thePluginDescriptionNamesOnlyGoalsThatExist() throws Exception {
    Document plugin = parse("META-INF/maven/plugin.xml");
    String description = ((Element) plugin.getDocumentElement()).getElementsByTagName("description").item(0).getTextContent();

    assertThat(description).doesNotContain("report")
        .contains("fetch-data", "train-teacher", "distill", "optimize", "zk-compile", "zk-prove");
  }

  /** Otherwise -Dveriregime.skipProve would be read as the experiment key "skipProve", and refused. */
  @Test
  void everyVeriRegimePropertyOfAMojoIsKeptOutOfTheExperimentOverrides() throws Exception {
    Set<String> properties = new LinkedHashSet<>();
    NodeList expressions = parse("META-INF/maven/plugin.xml").getElementsByTagName("configuration");
    for (int i = 0; i < expressions.getLength(); i++) {
      NodeList children = expressions.item(i).getChildNodes();
      for (int j = 0; j < children.getLength(); j++) {
        String text = children.item(j).getTextContent();
        if (text != null && text.startsWith("${veriregime.")) {
          properties.add(text.substring(2, text.length() - 1));
        }
      }
    }
    assertThat(properties).contains("veriregime.skip", "veriregime.skipFetch", "veriregime.skipTraining",
        "veriregime.skipProve", "veriregime.offline");
    assertThat(AbstractStageMojo.MOJO_PROPERTIES).containsAll(properties);
  }

  /** veriregime:help -Ddetail, as a user would see it. */
  private static String help() throws Exception {
    List<String> lines = new ArrayList<>();
    HelpMojo mojo = new HelpMojo();
    set(mojo, "detail", true);
    set(mojo, "lineLength", 500); // no wrapping inside the phrases looked for
    set(mojo, "indentSize", 2);
    mojo.setLog(new SystemStreamLog() {
      @Override
      public void info(CharSequence content) {
        lines.add(content.toString());
      }
    });
    mojo.execute();
    return String.join("\n", lines);
  }

  private static void set(Object target, String field, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(field);
    f.setAccessible(true);
    f.set(target, value);
  }

  private static Set<String> goals() throws Exception {
    Set<String> goals = new LinkedHashSet<>();
    NodeList mojos = parse("META-INF/maven/plugin.xml").getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      goals.add(((Element) mojos.item(i)).getElementsByTagName("goal").item(0).getTextContent());
    }
    return goals;
  }

  private static Set<String> texts(Document document, String tag) {
    Set<String> texts = new LinkedHashSet<>();
    NodeList nodes = document.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent().trim());
    }
    return texts;
  }

  private static Document parse(String resource) throws Exception {
    try (InputStream in = PluginDescriptorTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
  }
}
