package io.veriregime.maven;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.bundle.BundleCoordinates;
import io.veriregime.runtime.bundle.BundleVerifier;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.stage.StageLog;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * The consumer's check of a VeriRegime model bundle it depends on: resolves the bundle by coordinates
 * (groupId:artifactId:version), or its proofs attachment with the attachments its provenance names
 * (vk; for EZKL also settings and a development srs) (groupId:artifactId:version:proofs), from the
 * build's repositories (offline with -o), and verifies every proof with the pinned verifier of the
 * backend that proved it (EZKL or snarkjs' Groth16). A proof that does not verify, or a file that
 * differs from the bundle's provenance, fails the build. The backend's tools are found or installed as
 * zk-compile does (zk.ezkl.* or zk.groth16.* from this project's experiment.yaml if it has one, or
 * -Dveriregime.zk.ezkl.python=...); an EZKL bundle set up with a trusted SRS needs
 * -Dveriregime.zk.ezkl.srs=FILE and -Dveriregime.zk.ezkl.srsSha256=HASH.
 */
@Mojo(name = "verify-proof", threadSafe = true)
public class VerifyProofMojo extends AbstractStageMojo {

  /** The bundle to verify: groupId:artifactId:version, or groupId:artifactId:version:proofs for its attachments. */
  @Parameter(property = "veriregime.verify.bundle", required = true)
  private String bundle;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Component
  private RepositorySystem repositorySystem;

  @Override
  String stageName() {
    return "verify-proof";
  }

  @Override
  void run(StageRequest request, StageLog log) {
    // checked before anything becomes a path; the bundle is resolved before its work directory is emptied
    BundleCoordinates coordinates = BundleCoordinates.parse(bundle, "veriregime.verify.bundle");
    // the tool settings of this project's experiment, when it declares one (a file, or inline in the pom)
    BundleVerifier verifier = new BundleVerifier(request.inline() != null ? request.loadExperiment()
        : ExperimentLoader.loadOrDefaults(request.experimentFile(), request.overrides()), request.offline(), request.proxies(), log);
    Path workDir = coordinates.workDir(request.outputRoot());
    if (coordinates.proofsOnly()) {
      verifier.verifyAttachments(attachment -> resolve(coordinates, attachment.classifier(), attachment.extension()), workDir);
    } else {
      verifier.verifyBundle(resolve(coordinates, "", "zip"), workDir);
    }
  }

  /** One artifact through Maven's resolver: the local repository, then the project's remote repositories. */
  private Path resolve(BundleCoordinates coordinates, String classifier, String extension) {
    DefaultArtifact artifact = new DefaultArtifact(coordinates.groupId(), coordinates.artifactId(), classifier, extension,
        coordinates.version());
    try {
      return repositorySystem.resolveArtifact(session().getRepositorySession(),
          new ArtifactRequest(artifact, project.getRemoteProjectRepositories(), null)).getArtifact().getFile().toPath();
    } catch (ArtifactResolutionException e) {
      throw new VeriRegimeException("verify-proof: could not resolve " + artifact + ": " + e.getMessage() + ". Check the"
          + " coordinates (the producer publishes it with mvn install or mvn deploy) and the repositories"
          + (session().isOffline() ? "; the build is offline (-o), so it must already be in the local repository." : "."), e);
    }
  }
}
