package io.veriregime.maven;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.bundle.BundleIndex;
import io.veriregime.runtime.layout.Layout;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Refuses to deploy an unproven bundle (one built with {@code -DskipTests}, {@code -DskipITs} or
 * {@code -Dveriregime.skipProve}) unless {@code -Dveriregime.deployUnproven=true} says so: a bundle in a
 * shared repository is what consumers verify, and an unproven one has nothing to verify. Bound in the
 * deploy phase before maven-deploy-plugin by the veriregime packaging; install is not guarded (a local
 * repository is the developer's own).
 */
@Mojo(name = "check-deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class CheckDeployMojo extends AbstractMojo {

  /** Where the stages wrote (the bundle's index is read from its bundle directory). */
  @Parameter(property = "veriregime.outputDirectory", defaultValue = "${project.build.directory}/veriregime", required = true)
  private File outputDirectory;

  /** Deploy a bundle without proofs all the same: {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.deployUnproven", defaultValue = "false")
  private String deployUnproven;

  /** Skip every VeriRegime goal: {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.skip", defaultValue = "false")
  private String skip;

  /** maven-deploy-plugin's own switch: when it deploys nothing there is nothing to guard. */
  @Parameter(property = "maven.deploy.skip", defaultValue = "false")
  private String deploySkip;

  @Override
  public void execute() throws MojoFailureException {
    boolean allowed = Switches.parse("veriregime.deployUnproven", deployUnproven);
    if (Switches.parse("veriregime.skip", skip) || "true".equalsIgnoreCase(deploySkip)) {
      getLog().info("VeriRegime check-deploy skipped (" + (deploySkip.equalsIgnoreCase("true") ? "maven.deploy.skip"
          : "veriregime.skip") + ")");
      return;
    }
    String unproven;
    try {
      unproven = BundleIndex.read(Layout.at(outputDirectory.toPath()), new MavenStageLog(getLog())).unproven();
    } catch (VeriRegimeException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    if (unproven == null) {
      return;
    }
    if (!allowed) {
      throw new MojoFailureException("The bundle is unproven (" + unproven + "), so deploy stops: consumers of a"
          + " deployed bundle verify its proofs, and it has none. Deploy without -DskipTests, -DskipITs or"
          + " -Dveriregime.skipProve, or add -Dveriregime.deployUnproven=true to publish it unproven all the same.");
    }
    getLog().warn("Deploying an unproven bundle (" + unproven + ") because veriregime.deployUnproven is true:"
        + " verify-proof refuses it.");
  }
}
