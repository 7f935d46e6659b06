package io.veriregime.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ClusterConfig;
import io.veriregime.runtime.experiment.ClusterEngine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a cluster.master reaches Spark, without starting Spark. */
class SparkMastersTest {

  @Test
  void aLocalMasterGetsTheFailureCountSparkNeedsToRetryAndAClusterMasterIsPassedAsItIs() {
    assertThat(SparkEngine.master(cluster("local[2]"))).isEqualTo("local[2,3]");
    assertThat(SparkEngine.master(cluster("local"))).isEqualTo("local[1,3]");
    assertThat(SparkEngine.master(cluster("spark://127.0.0.1:7077"))).isEqualTo("spark://127.0.0.1:7077");
  }

  @Test
  void aKubernetesMasterWithoutSparksKubernetesModuleIsRefusedNamingTheDependency() {
    // this module's classpath has no spark-kubernetes, as a build that did not add it
    assertThatThrownBy(() -> SparkEngine.requireClusterManager("k8s://https://10.0.0.1:6443",
        SparkEngine.class.getClassLoader()))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("cluster.master k8s://https://10.0.0.1:6443 needs Spark's Kubernetes scheduler")
        .hasMessageContaining("<artifactId>spark-kubernetes_2.13</artifactId><version>4.2.0</version>");
    assertThatCode(() -> SparkEngine.requireClusterManager("spark://127.0.0.1:7077", SparkEngine.class.getClassLoader()))
        .doesNotThrowAnyException();
  }

  private static ClusterConfig cluster(String master) {
    return new ClusterConfig(ClusterEngine.SPARK, master, 0, 3, Map.of(), Path.of("/mnt/veriregime"));
  }
}
