package io.veriregime.maven;

import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Refuses to deploy an unproven bundle (one built with {@code -DskipTests}, {@code -DskipITs} or
 * {@code -Dveriregime.skipProve}) unless {@code -Dveriregime.deployUnproven=true} says so: a bundle in a
 * shared repository is what consumers verify, and an unproven one has nothing to verify. Bound in the
 * deploy phase before maven-deploy-plugin by the veriregime packaging; it judges every bundle the bundle
 * goal attached in this build (the main one and each own execution's). Install is not guarded: a local
 * repository is the developer's own.
 */
@Mojo(name = "check-deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class CheckDeployMojo extends AbstractMojo {

  /** Deploy a bundle without proofs all the same: {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.deployUnproven", defaultValue = "false")
  private String deployUnproven;

  /** maven-deploy-plugin's own switch: when it deploys nothing there is nothing to guard. */
  @Parameter(property = "maven.deploy.skip", defaultValue = "false")
  private String deploySkip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoFailureException, MojoExecutionException {
    GoalFailures.translate("check-deploy", getLog(), this::check);
  }

  private void check() throws MojoFailureException {
    boolean allowed = Switches.parse("veriregime.deployUnproven", deployUnproven);
    if ("true".equalsIgnoreCase(deploySkip)) {
      getLog().info("VeriRegime check-deploy skipped (maven.deploy.skip)");
      return;
    }
    for (Map.Entry<String, String> bundle : BundleMojo.bundlesBuilt(project).entrySet()) {
      String unproven = bundle.getValue();
      if (unproven == null) {
        continue;
      }
      if (!allowed) {
        throw new MojoFailureException("Deploy stops: " + bundle.getKey() + " is unproven (" + unproven + "), and"
            + " consumers of a deployed bundle verify its proofs. Deploy without -DskipTests, -DskipITs or"
            + " -Dveriregime.skipProve, or add -Dveriregime.deployUnproven=true to publish it unproven all the same.");
      }
      getLog().warn("Deploying " + bundle.getKey() + " unproven (" + unproven + ") because veriregime.deployUnproven"
          + " is true: verify-proof refuses it.");
    }
  }
}
