package io.veriregime.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes {@code target/veriregime/report/}: report.html (self-contained), report.json, summary.md
 * and the gates as JUnit XML (TEST-veriregime-gates.xml), from every stage that ran. Evaluates the
 * experiment's gates on every build, also when nothing changed, and fails the build with one
 * message listing each missed gate; {@code -Dveriregime.gates.skip} reports without failing.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends ProofAwareMojo {

  @Override
  String stageName() {
    return "report";
  }
}
