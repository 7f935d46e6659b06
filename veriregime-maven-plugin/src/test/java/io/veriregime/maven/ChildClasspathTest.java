package io.veriregime.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.jupiter.api.Test;

/** The training child JVM gets the plugin's own jars, never an engine module's (Spark and what it brings). */
class ChildClasspathTest {

  private static Artifact artifact(String groupId, String artifactId, String... trail) {
    DefaultArtifact artifact = new DefaultArtifact(groupId, artifactId, "1.0", "runtime", "jar", null,
        new DefaultArtifactHandler("jar"));
    artifact.setDependencyTrail(List.of(trail));
    return artifact;
  }

  @Test
  void anEngineModuleAndWhatOnlyItBringsStayOutOfTheChildJvm() {
    String plugin = "io.veriregime:veriregime-maven-plugin:maven-plugin:0.1.0-SNAPSHOT";
    String spark = "io.veriregime:veriregime-spark:jar:0.1.0-SNAPSHOT";

    assertThat(AbstractStageMojo.broughtByEngineModule(artifact("io.veriregime", "veriregime-spark", plugin, spark)))
        .isTrue();
    assertThat(AbstractStageMojo.broughtByEngineModule(artifact("io.netty", "netty-all", plugin, spark,
        "org.apache.spark:spark-core_2.13:jar:4.2.0", "io.netty:netty-all:jar:4.1.0"))).isTrue();
    assertThat(AbstractStageMojo.broughtByEngineModule(artifact("com.fasterxml.jackson.core", "jackson-databind", plugin,
        "io.veriregime:veriregime-runtime:jar:0.1.0-SNAPSHOT", "com.fasterxml.jackson.core:jackson-databind:jar:2.18.2")))
        .isFalse();
    assertThat(AbstractStageMojo.broughtByEngineModule(artifact("io.veriregime", "veriregime-runtime", plugin,
        "io.veriregime:veriregime-runtime:jar:0.1.0-SNAPSHOT"))).isFalse();
  }
}
