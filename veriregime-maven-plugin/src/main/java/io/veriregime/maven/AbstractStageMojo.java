package io.veriregime.maven;

import io.veriregime.runtime.experiment.InlineExperiment;
import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.pipeline.StageRunner;
import io.veriregime.runtime.stage.StageLog;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * What every VeriRegime goal shares: it loads the experiment (with overrides), runs one runtime
 * stage, and turns what it throws into Maven's failure through {@link GoalFailures}. All
 * behaviour lives in the runtime; a goal only maps Maven parameters to a stage context.
 */
abstract class AbstractStageMojo extends AbstractMojo {

  /** Optional modules a build adds to the plugin to run work elsewhere (cluster.engine), by groupId:artifactId. */
  static final Set<String> ENGINE_MODULES = Set.of("io.veriregime:veriregime-spark");

  /** Properties of the Mojos themselves, which are not experiment keys. */
  static final Set<String> MOJO_PROPERTIES = Set.of("veriregime.experiment", "veriregime.outputDirectory",
      "veriregime.skip", "veriregime.offline", "veriregime.force", "veriregime.skipFetch", "veriregime.skipTraining",
      "veriregime.skipProve", "veriregime.verify.bundle", "veriregime.verify.trustedKeys",
      "veriregime.verify.trustedKeyring", "veriregime.verify.lockFile", "veriregime.verify.pin",
      "veriregime.verify.updatePins", "veriregime.deployUnproven", "veriregime.contribute.r1cs",
      "veriregime.contribute.zkey", "veriregime.contribute.name");

  /** The experiment file. */
  @Parameter(property = "veriregime.experiment", defaultValue = "${project.basedir}/experiment.yaml", required = true)
  private File experiment;

  /**
   * Where every stage writes its directory. An execution with an id of its own (not one of Maven's
   * default-... executions) that leaves it at the default writes to target/veriregime-ID instead, so several
   * executions with several experiments in one module never share outputs.
   */
  @Parameter(property = "veriregime.outputDirectory", defaultValue = "${project.build.directory}/veriregime", required = true)
  private File outputDirectory;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  private MojoExecution mojoExecution;

  /**
   * Experiment values that replace those in the file, one entry per dotted key path: in the POM an
   * element named by the key path holding the value (the element data.window with the text 30
   * sets data.window to 30). A veriregime.KEY.PATH property of the pom (or a parent) does the same and
   * wins over this map; on the command line -Dveriregime.KEY.PATH=value (e.g. -Dveriregime.teacher.epochs=5)
   * wins over both.
   */
  // No angle brackets in this text: plugin.xml carries it as plain text, but mvn help:describe
  // reads it as HTML and drops anything between < and > (PluginDescriptorTest checks).
  @Parameter
  private Map<String, String> overrides = new HashMap<>();

  /**
   * The experiment written in the POM: one element per key, nested as in experiment.yaml, each value as
   * YAML text (teacher, then epochs holding 5; student, then hidden holding [16, 8]). Maven merges a parent
   * POM's inline experiment into a module's element by element, the module's values winning. When the
   * experiment file exists too, its keys win over these.
   */
  @Parameter
  private PlexusConfiguration inlineExperiment;

  /** Skip every VeriRegime goal: {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.skip", defaultValue = "false")
  private String skip;

  /**
   * Never touch the network (downloads must already be cached): {@code true} or {@code false}
   * (anything else fails the build). Maven's own offline mode ({@code -o}) implies it.
   */
  @Parameter(property = "veriregime.offline", defaultValue = "false")
  private String offline;

  /**
   * Run the goal's stage even when its outputs are up to date: {@code true} or {@code false}
   * (anything else fails the build).
   */
  @Parameter(property = "veriregime.force", defaultValue = "false")
  private String force;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  /** Decrypts settings.xml proxy passwords as Maven does. */
  @Component
  private SettingsDecrypter settingsDecrypter;

  /** Maven injects each parameter into one field: a goal that needs the session asks here. */
  MavenSession session() {
    return session;
  }

  /** The runtime stage this goal runs. */
  abstract String stageName();

  /**
   * Why this goal should not run (the property that says so), or null to run it. A goal with a
   * switch of its own adds it; every switch is read with {@link Switches#parse}.
   */
  String skipReason() throws MojoFailureException {
    return Switches.parse("veriregime.skip", skip) ? "veriregime.skip" : null;
  }

  /** The switch with which this build skipped proving on purpose (e.g. {@code -DskipTests}), or null. */
  String provingSkipped() throws MojoFailureException {
    return null;
  }

  @Override
  public void execute() throws MojoFailureException, MojoExecutionException {
    GoalFailures.translate(stageName(), getLog(), this::runGoal);
  }

  private void runGoal() throws MojoFailureException {
    // a typo in a switch fails the build even when the goal is skipped
    boolean offlineMode = Switches.parse("veriregime.offline", offline) || session.isOffline();
    boolean forced = Switches.parse("veriregime.force", force);
    String skipReason = skipReason();
    if (skipReason != null) {
      getLog().info("VeriRegime " + stageName() + " skipped (" + skipReason + ")");
      return;
    }
    StageRequest request = new StageRequest(List.of(stageName()), experiment.toPath(), overrides(),
        outputRoot(), offlineMode, forced, MavenProxies.of(session.getSettings(), settingsDecrypter))
        .withProvingSkipped(provingSkipped()).withInline(inline()).withSharingBuilds(sharingBuilds());
    // under -T, lines of several modules interleave: name the module on each
    String module = session.isParallel() ? "[" + session.getCurrentProject().getArtifactId() + "] " : "";
    run(request, new MavenStageLog(getLog()).prefixed(module));
  }

  /** Runs the goal's stage; a goal that does more with its outputs in Maven (the bundle attaches them) adds to it. */
  void run(StageRequest request, StageLog log) {
    StageRunner.withChildJvms(runtimeClasspath(), log).run(request);
  }

  /**
   * Experiment values the project itself supplies (Maven properties that mean the same), under the
   * {@code overrides} map, {@code veriregime.<key.path>} pom properties and {@code -Dveriregime.<key.path>}.
   */
  Map<String, String> projectValues() {
    return Map.of();
  }

  /** Every experiment value of the build besides the experiment itself, in {@link ExperimentValues}' order. */
  private Map<String, String> overrides() {
    return ExperimentValues.layered(projectValues(), overrides, session.getCurrentProject().getProperties(),
        session.getUserProperties(), MOJO_PROPERTIES);
  }

  /**
   * How many experiment modules run at once on this machine: Maven's -T, at most the reactor's projects of
   * the veriregime packaging (-T 4 over two modules is two builds at once).
   */
  private int sharingBuilds() {
    if (!session.isParallel()) {
      return 1;
    }
    long modules = session.getProjects().stream().filter(project -> "veriregime".equals(project.getPackaging())).count();
    return (int) Math.max(1, Math.min(session.getRequest().getDegreeOfConcurrency(), modules));
  }

  /**
   * The id of an execution the POM declares with an id of its own (its outputs and bundle get their own
   * directory and classifier), or null for Maven's default executions (the packaging's lifecycle, the
   * command line), which share the project's default directory and main artifact.
   */
  String ownExecutionId() {
    String id = mojoExecution.getExecutionId();
    return id == null || id.startsWith("default-") ? null : id;
  }

  /** The output directory, or an own execution's directory beside the default one (see {@link #outputDirectory}). */
  Path outputRoot() {
    Path configured = outputDirectory.toPath();
    Path standard = Path.of(session.getCurrentProject().getBuild().getDirectory(), "veriregime");
    return ownExecutionId() != null && configured.equals(standard)
        ? standard.resolveSibling("veriregime-" + ownExecutionId()) : configured;
  }

  /** The POM's inline experiment, or null when it declares none. */
  private InlineExperiment inline() throws MojoFailureException {
    Map<String, String> values = InlineExperiments.flatten(inlineExperiment);
    return values.isEmpty() ? null : new InlineExperiment(session.getCurrentProject().getFile().toPath(), values);
  }

  /**
   * The plugin's own jars: what a child JVM needs to run the runtime's CLI. An engine module a build
   * adds to the plugin (veriregime-spark) and what only it brings (Spark, its Jackson, Netty, log4j)
   * stay out: the training child JVM never runs an engine.
   */
  List<Path> runtimeClasspath() {
    List<Path> classpath = new ArrayList<>();
    int leftOut = 0;
    for (Artifact artifact : plugin.getArtifacts()) {
      if (artifact.getFile() != null && broughtByEngineModule(artifact)) {
        leftOut++;
      } else if (artifact.getFile() != null) {
        classpath.add(artifact.getFile().toPath());
      }
    }
    if (leftOut > 0) {
      getLog().info("VeriRegime: " + leftOut + " jars of the engine module (" + String.join(", ", ENGINE_MODULES)
          + " and what it brings) stay out of the stages' child JVMs");
    }
    return classpath;
  }

  /**
   * Whether the artifact is an engine module or came into the plugin's classpath through one (its
   * dependency trail, from the plugin down, passes through it). A library the runtime needs too is
   * resolved through the runtime, which is nearer, so it stays.
   */
  static boolean broughtByEngineModule(Artifact artifact) {
    List<String> trail = artifact.getDependencyTrail();
    String self = artifact.getGroupId() + ":" + artifact.getArtifactId();
    return ENGINE_MODULES.contains(self) || trail != null && trail.stream()
        .anyMatch(step -> ENGINE_MODULES.stream().anyMatch(module -> step.startsWith(module + ":")));
  }
}
