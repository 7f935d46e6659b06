package io.veriregime.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of DEVELOPERS.md ("Packages"), checked on the compiled runtime. */
class PackageDependenciesTest {

  private static final JavaClasses RUNTIME = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.veriregime.runtime");

  @Test
  void noPackageImportsAPackageThatImportsItBack() {
    slices().matching("io.veriregime.runtime.(*)..").should().beFreeOfCycles().check(RUNTIME);
  }

  @Test
  void theFrameworkKnowsNoStage() {
    noClasses().that().resideInAnyPackage("..runtime.stage..", "..runtime.layout..", "..runtime.files..",
            "..runtime.process..", "..runtime.model..", "..runtime.experiment..", "..runtime.net..")
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.data..", "..runtime.train..",
            "..runtime.distill..", "..runtime.zk..", "..runtime.report..", "..runtime.pipeline..", "..runtime.cli..")
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
            "..runtime.zk..", "..runtime.onnx..", "..runtime.report..")
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
