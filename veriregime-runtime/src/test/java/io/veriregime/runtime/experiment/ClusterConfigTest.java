package io.veriregime.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster: section and zk.samples' "all", as the loader reads and refuses them. */
class ClusterConfigTest {

  @TempDir Path dir;

  private ExperimentConfig load(String yaml) throws IOException {
    Files.writeString(dir.resolve("data.csv"), "");
    return ExperimentLoader.load(Files.writeString(dir.resolve("experiment.yaml"), "data:\n  files: [data.csv]\n" + yaml),
        Map.of()).config();
  }

  @Test
  void theDefaultRunsHereWithEachJobsOwnPlan() throws IOException {
    ClusterConfig cluster = load("").cluster();

    assertThat(cluster.engine()).isEqualTo(ClusterEngine.LOCAL);
    assertThat(cluster.parallelism()).isZero();
    assertThat(cluster.maxAttempts()).isEqualTo(2);
    assertThat(cluster.conf()).isEmpty();
    assertThat(cluster.workDir()).isNull();
  }

  @Test
  void readsASparkStandaloneClusterWithItsSettings() throws IOException {
    ClusterConfig cluster = load("""
        cluster:
          engine: spark
          master: spark://10.0.0.5:7077
          maxAttempts: 4
          workDir: /mnt/shared/veriregime
          conf:
            spark.executor.memory: 4g
            spark.executor.cores: 2
        """).cluster();

    assertThat(cluster.remoteMaster()).isTrue();
    assertThat(cluster.conf()).containsExactly(Map.entry("spark.executor.cores", "2"),
        Map.entry("spark.executor.memory", "4g"));
    assertThat(cluster.workDir()).isEqualTo(Path.of("/mnt/shared/veriregime"));
    assertThat(load("cluster:\n  engine: spark\n  master: local[2]\n").cluster().remoteMaster()).isFalse();
    assertThat(load("cluster:\n  engine: spark\n  master: k8s://https://10.0.0.1:6443\n  workDir: /mnt/s\n")
        .cluster().remoteMaster()).isTrue();
  }

  @Test
  void refusesWhatACLusterCannotRunWith() throws IOException {
    assertThatThrownBy(() -> load("cluster:\n  engine: spark\n  master: yarn\n"))
        .hasMessageContaining(":5:3: cluster.master: 'yarn' is not a Spark master URL")
        .hasMessageContaining("spark://host:7077");
    assertThatThrownBy(() -> load("cluster:\n  engine: spark\n  master: spark://10.0.0.5:7077\n"))
        .hasMessageContaining("cluster.workDir: is required with the master spark://10.0.0.5:7077");
    assertThatThrownBy(() -> load("cluster:\n  master: local[2]\n"))
        .hasMessageContaining(":4:3: cluster.master: is only read with cluster.engine: spark");
    assertThatThrownBy(() -> load("cluster:\n  engine: spark\n  conf:\n    executor.memory: 4g\n"))
        .hasMessageContaining(":6:5: cluster.conf.executor.memory: is not a Spark setting");
    assertThatThrownBy(() -> load("cluster:\n  engine: spark\n  conf:\n    spark.jars: [a.jar]\n"))
        .hasMessageContaining("cluster.conf.spark.jars: expected a single value, got a list");
    assertThatThrownBy(() -> load("cluster:\n  engine: spark\n  conf: 4g\n"))
        .hasMessageContaining("cluster.conf: expected keys and values (a YAML mapping)");
    assertThatThrownBy(() -> load("cluster:\n  parallelism: -1\n"))
        .hasMessageContaining("cluster.parallelism: must be 0 (each job plans its own) or more, got -1");
    assertThatThrownBy(() -> load("cluster:\n  maxAttempts: 0\n"))
        .hasMessageContaining("cluster.maxAttempts: must be at least 1");
  }

  @Test
  void zkSamplesIsANumberOrAll() throws IOException {
    assertThat(load("zk:\n  samples: all\n").zk().samples().of(210)).isEqualTo(210);
    assertThat(load("zk:\n  samples: 64\n").zk().samples().of(210)).isEqualTo(64);
    assertThat(load("").zk().samples().count()).isEqualTo(3);
    assertThatThrownBy(() -> load("zk:\n  samples: 0\n"))
        .hasMessageContaining(":4:3: zk.samples: expected a whole number or all, got '0'");
    assertThatThrownBy(() -> load("zk:\n  samples: every\n"))
        .hasMessageContaining("zk.samples: expected a whole number or all, got 'every'");
    assertThatThrownBy(() -> load("zk:\n  shareSize: 0\n")).hasMessageContaining("zk.shareSize: must be at least 1");
  }
}
