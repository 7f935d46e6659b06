package io.veriregime.maven;

import io.veriregime.runtime.bundle.Attachment;
import io.veriregime.runtime.bundle.BundleIndex;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.stage.StageLog;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds the model bundle (a reproducible zip of the student ONNX, the circuit, its verifying key,
 * the proofs with their inputs and outputs, the report when present, every manifest and a provenance
 * file) under {@code target/veriregime/bundle} and makes it the project's main artifact, with single
 * files attached by classifier (model, settings, vk, proofs, srs, report, pk), so install and deploy
 * publish them and another build can depend on one by coordinates. Entries carry the time of
 * project.build.outputTimestamp (or bundle.outputTimestamp): the same outputs give the same bytes.
 */
@Mojo(name = "bundle", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class BundleMojo extends ProofAwareMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The project's reproducible-build time; stamped on every entry of the bundle when set. */
  @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
  private String outputTimestamp;

  @Component
  private MavenProjectHelper projectHelper;

  private static final String BUNDLES_BUILT = "io.veriregime.bundlesBuilt";

  @Override
  String stageName() {
    return StageId.BUNDLE.goal();
  }

  /**
   * project.build.outputTimestamp is bundle.outputTimestamp, as maven-jar-plugin reads it: a value of
   * one character (or none) means "not reproducible" to Maven, and leaves the experiment's value.
   */
  @Override
  Map<String, String> projectValues() {
    return outputTimestamp == null || outputTimestamp.length() < 2 ? Map.of()
        : Map.of("bundle.outputTimestamp", outputTimestamp);
  }

  /**
   * The default executions' bundle is the main artifact with its files by classifier; an execution with an id
   * of its own attaches its bundle under that id and its files under id-classifier, so several experiments
   * of one module publish side by side. Each bundle's proof status is kept for check-deploy.
   */
  @Override
  void run(StageRequest request, StageLog log) {
    super.run(request, log);
    BundleIndex.Published published = BundleIndex.read(Layout.at(request.outputRoot()), log);
    String execution = ownExecutionId();
    if (execution == null) {
      project.getArtifact().setFile(published.bundle().toFile());
    } else {
      projectHelper.attachArtifact(project, "zip", execution, published.bundle().toFile());
    }
    for (Map.Entry<Attachment, Path> attachment : published.attachments().entrySet()) {
      String classifier = attachment.getKey().classifier();
      projectHelper.attachArtifact(project, attachment.getKey().extension(),
          execution == null ? classifier : execution + "-" + classifier, attachment.getValue().toFile());
    }
    bundlesBuilt(project).put(execution == null ? "the main bundle" : "the bundle of execution " + execution,
        published.unproven());
  }

  /** Each bundle this build attached (named for a person) with why it is unproven (null: proven), for check-deploy. */
  @SuppressWarnings("unchecked")
  static Map<String, String> bundlesBuilt(MavenProject project) {
    Object built = project.getContextValue(BUNDLES_BUILT);
    if (built == null) {
      built = new java.util.TreeMap<String, String>();
      project.setContextValue(BUNDLES_BUILT, built);
    }
    return (Map<String, String>) built;
  }
}
