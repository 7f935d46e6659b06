package io.veriregime.runtime.experiment;

/** Where sweep variants and proof shares run ({@code cluster.engine}). */
public enum ClusterEngine implements ConfigEnum {
  /** This machine: tasks on threads of the build, each starting the child processes it needs. */
  LOCAL,
  /** An Apache Spark cluster, through the optional {@code veriregime-spark} module on the plugin's classpath. */
  SPARK
}
