package io.veriregime.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.assertj.core.api.SoftAssertions;
import io.veriregime.runtime.testdata.DeveloperGuide;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The package rules of DEVELOPERS.md ("Packages", "Package imports"), checked on the compiled runtime. */
class PackageDependenciesTest {

  private static final String ROOT = "io.veriregime.runtime";
  private static final JavaClasses RUNTIME = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  /**
   * DEVELOPERS.md's "Package imports" table is exactly what the code imports: every runtime package has
   * its row, an import the row leaves out fails (add the arrow there, or remove the import), and an arrow
   * no class uses fails too (the table would then promise a dependency that is not there).
   */
  @Test
  void everyPackageImportsExactlyWhatDevelopersMdSays() {
    Map<String, List<String>> documented = DeveloperGuide.table("### Package imports");
    assertThat(documented).as("DEVELOPERS.md 'Package imports': one row per runtime package")
        .containsOnlyKeys(actualImports().keySet());
    SoftAssertions rows = new SoftAssertions();
    actualImports().forEach((from, imports) -> rows.assertThat(new TreeSet<>(documented.get(from)))
        .as("DEVELOPERS.md 'Package imports', row `%s`: the runtime packages its classes import", from)
        .containsExactlyElementsOf(imports));
    rows.assertAll();
  }

  /** Per runtime package (its first name below {@code io.veriregime.runtime}), the runtime packages it imports. */
  private static Map<String, TreeSet<String>> actualImports() {
    Map<String, TreeSet<String>> imports = new TreeMap<>();
    for (JavaClass type : RUNTIME) {
      String from = topPackage(type.getPackageName());
      if (from == null) {
        continue;
      }
      TreeSet<String> targets = imports.computeIfAbsent(from, key -> new TreeSet<>());
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        String to = topPackage(dependency.getTargetClass().getPackageName());
        if (to != null && !to.equals(from)) {
          targets.add(to);
        }
      }
    }
    return imports;
  }

  /** {@code zk} for {@code io.veriregime.runtime.zk…}; null for the root package (everyone's) and anything outside. */
  private static String topPackage(String name) {
    if (!name.startsWith(ROOT + ".")) {
      return null;
    }
    String rest = name.substring(ROOT.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  @Test
  void noPackageImportsAPackageThatImportsItBack() {
    slices().matching("io.veriregime.runtime.(*)..").should().beFreeOfCycles().check(RUNTIME);
  }

  @Test
  void theFrameworkKnowsNoStage() {
    noClasses().that().resideInAnyPackage("..runtime.stage..", "..runtime.layout..", "..runtime.files..",
            "..runtime.process..", "..runtime.model..", "..runtime.experiment..", "..runtime.net..")
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.data..", "..runtime.train..",
            "..runtime.distill..", "..runtime.optimize..", "..runtime.zk..", "..runtime.report..", "..runtime.bundle..",
            "..runtime.pipeline..", "..runtime.cli..")
        .check(RUNTIME);
  }

  /** The report reads every stage; nothing but the pipeline (which runs it) may read the report. */
  @Test
  void onlyThePipelineKnowsTheReport() {
    noClasses().that().resideOutsideOfPackages("..runtime.report..", "..runtime.pipeline..")
        .should().dependOnClassesThat().resideInAPackage("..runtime.report..")
        .check(RUNTIME);
  }

  @Test
  void onlyThePipelineAndItsCallersKnowHowStagesAreRun() {
    noClasses().that().resideInAnyPackage("..runtime.data..", "..runtime.train..", "..runtime.distill..",
            "..runtime.optimize..", "..runtime.zk..", "..runtime.onnx..", "..runtime.report..", "..runtime.bundle..",
            "..runtime.backend..", "..runtime.ezkl..", "..runtime.groth16..")
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.pipeline..", "..runtime.cli..")
        .check(RUNTIME);
  }

  /** Every stage writes or reads models through it, so it must not depend on any of them, DJL or ONNX. */
  @Test
  void theModelFormatDependsOnlyOnTheFileFormats() {
    classes().that().resideInAPackage("..runtime.model..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..",
            "io.veriregime.runtime", "io.veriregime.runtime.model..", "io.veriregime.runtime.files..")
        .check(RUNTIME);
  }

  /** A pure-Java compiler any proving backend may use: the model format, the file formats and the JDK alone. */
  @Test
  void theCircuitCompilerDependsOnlyOnTheModelFormat() {
    classes().that().resideInAPackage("..runtime.circuit..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.veriregime.runtime",
            "io.veriregime.runtime.circuit..", "io.veriregime.runtime.model..", "io.veriregime.runtime.files..")
        .check(RUNTIME);
  }

  /** What a consumer trusts a bundle by (signatures, pins): OpenPGP, the file formats and the log, nothing of a bundle. */
  @Test
  void trustDependsOnlyOnOpenPgpAndTheFileFormats() {
    classes().that().resideInAPackage("..runtime.trust..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.bouncycastle..", "io.veriregime.runtime",
            "io.veriregime.runtime.trust..", "io.veriregime.runtime.files..", "io.veriregime.runtime.stage..")
        .check(RUNTIME);
  }
}
