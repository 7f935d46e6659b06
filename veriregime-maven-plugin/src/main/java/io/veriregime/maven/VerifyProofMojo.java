package io.veriregime.maven;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.bundle.BundleCoordinates;
import io.veriregime.runtime.bundle.BundleVerifier;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.trust.ArtifactTrust;
import io.veriregime.runtime.trust.TrustPolicy;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
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
 * -Dveriregime.zk.ezkl.srs=FILE and -Dveriregime.zk.ezkl.srsSha256=HASH. Before anything of it is used, each
 * artifact it reads must carry a valid OpenPGP signature (.asc beside it) by one of trustedKeys, when any is
 * given, and match its pin in lockFile, which is written on first use.
 */
@Mojo(name = "verify-proof", threadSafe = true)
public class VerifyProofMojo extends AbstractStageMojo {

  /** The bundle to verify: groupId:artifactId:version, or groupId:artifactId:version:proofs for its attachments. */
  @Parameter(property = "veriregime.verify.bundle", required = true)
  private String bundle;

  /**
   * Fingerprints (40 hex digits, as gpg --fingerprint shows them) of the OpenPGP primary keys whose signatures
   * this build accepts; each artifact verify-proof reads must then carry a .asc signature by one of them (or by
   * a subkey bound to it). Empty: signatures are not checked.
   */
  @Parameter(property = "veriregime.verify.trustedKeys")
  private List<String> trustedKeys = new ArrayList<>();

  /** The public keys of trustedKeys (gpg --export --armor FINGERPRINT), since no keyserver is asked. */
  @Parameter(property = "veriregime.verify.trustedKeyring")
  private File trustedKeyring;

  /** The pins: the sha256 of each artifact verify-proof accepted, written on first use; commit it. */
  @Parameter(property = "veriregime.verify.lockFile", defaultValue = "${project.basedir}/veriregime-bundles.lock")
  private File lockFile;

  /** Check and write pins in lockFile: {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.verify.pin", defaultValue = "true")
  private String pin;

  /**
   * Replace a pin that differs from the artifact instead of failing, once you know why it changed:
   * {@code true} or {@code false} (anything else fails the build).
   */
  @Parameter(property = "veriregime.verify.updatePins", defaultValue = "false")
  private String updatePins;

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
    // the keys and pins are read before anything is resolved, and each artifact is checked before it is used
    ArtifactTrust trust = ArtifactTrust.of(trustPolicy(), log);
    Path workDir = coordinates.workDir(request.outputRoot());
    if (coordinates.proofsOnly()) {
      verifier.verifyAttachments(attachment -> trusted(trust, coordinates, attachment.classifier(), attachment.extension()),
          workDir);
    } else {
      verifier.verifyBundle(trusted(trust, coordinates, "", "zip"), workDir);
    }
    trust.conclude(coordinates.toString());
  }

  private TrustPolicy trustPolicy() {
    return new TrustPolicy(trustedKeys, trustedKeyring == null ? null : trustedKeyring.toPath(),
        parse("veriregime.verify.pin", pin) ? lockFile.toPath() : null, parse("veriregime.verify.updatePins", updatePins),
        new TrustPolicy.Options("trustedKeys (veriregime.verify.trustedKeys)",
            "trustedKeyring (veriregime.verify.trustedKeyring)", "-Dveriregime.verify.updatePins=true"));
  }

  private static boolean parse(String property, String value) {
    try {
      return Switches.parse(property, value);
    } catch (MojoFailureException e) {
      throw new VeriRegimeException(e.getMessage(), e);
    }
  }

  /** One artifact, resolved, then checked with its .asc signature (resolved only when keys are trusted). */
  private Path trusted(ArtifactTrust trust, BundleCoordinates coordinates, String classifier, String extension) {
    DefaultArtifact artifact = new DefaultArtifact(coordinates.groupId(), coordinates.artifactId(), classifier, extension,
        coordinates.version());
    DefaultArtifact signature = new DefaultArtifact(coordinates.groupId(), coordinates.artifactId(), classifier,
        extension + ".asc", coordinates.version());
    return trust.check(artifact.toString(), resolve(artifact), () -> {
      try {
        return Optional.of(resolve(signature));
      } catch (VeriRegimeException e) {
        return Optional.empty();
      }
    });
  }

  /** One artifact through Maven's resolver: the local repository, then the project's remote repositories. */
  private Path resolve(DefaultArtifact artifact) {
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
