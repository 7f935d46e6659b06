package io.veriregime.maven;

import io.veriregime.runtime.report.GatesAggregate;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * The gates of every experiment module this project depends on, in one summary table
 * (target/veriregime-aggregate/summary.md, and GITHUB_STEP_SUMMARY when set), failing the build when any
 * module missed a gate. Runs in an aggregating module of pom packaging that lists the experiment modules
 * as dependencies (type pom), so the reactor builds it after them, also under -T, as jacoco's
 * report-aggregate does. Modules that report with gates.skip leave the verdict to it.
 */
@Mojo(name = "report-aggregate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportAggregateMojo extends AbstractMojo {

  /** Where the summary is written. */
  @Parameter(defaultValue = "${project.build.directory}/veriregime-aggregate", required = true)
  private File outputDirectory;

  /** Skip every VeriRegime goal: {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.skip", defaultValue = "false")
  private String skip;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoFailureException, MojoExecutionException {
    GoalFailures.translate("report-aggregate", getLog(), this::aggregate);
  }

  private void aggregate() throws MojoFailureException {
    if (Switches.parse("veriregime.skip", skip)) {
      getLog().info("VeriRegime report-aggregate skipped (veriregime.skip)");
      return;
    }
    // the modules this one depends on, in the reactor's order; each writes to its default output directory
    Map<String, Path> modules = new LinkedHashMap<>();
    for (MavenProject upstream : session.getProjectDependencyGraph().getUpstreamProjects(project, true)) {
      if ("veriregime".equals(upstream.getPackaging())) {
        modules.put(upstream.getArtifactId(), Path.of(upstream.getBuild().getDirectory(), "veriregime"));
      }
    }
    if (modules.isEmpty()) {
      throw new MojoFailureException("report-aggregate: " + project.getArtifactId() + " depends on no module of the"
          + " veriregime packaging in this build. List each experiment module under <dependencies> (with"
          + " <type>pom</type>) and build them together, e.g. mvn verify from the parent.");
    }
    GatesAggregate.write(modules, outputDirectory.toPath(), new MavenStageLog(getLog()));
  }
}
