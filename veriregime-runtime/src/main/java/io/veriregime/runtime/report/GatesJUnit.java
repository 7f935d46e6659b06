package io.veriregime.runtime.report;

import java.util.List;
import java.util.Locale;

/**
 * The gates in Surefire's XML report format, one test case per gate, a missed gate a failure, a gate
 * skipped with proving (-DskipTests) a {@code skipped} test case, never a passed one; a test case's time is
 * the measured work its gate judges (training, proofs, key setup), so
 * CI systems (Jenkins, GitLab, GitHub test reporters) show them beside the project's tests.
 */
final class GatesJUnit {

  static final String SUITE = "veriregime-gates";

  private GatesJUnit() {}

  static String render(List<GateResult> gates) {
    long failures = gates.stream().filter(GateResult::missed).count();
    long skipped = gates.stream().filter(gate -> gate.skipped() != null).count();
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<testsuite name=\"").append(SUITE).append("\" tests=\"").append(gates.size())
        .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
        .append("\" time=\"").append(seconds(gates.stream().mapToDouble(GateResult::seconds).sum())).append("\">\n");
    for (GateResult gate : gates) {
      xml.append("  <testcase name=\"").append(Html.escape(gate.name())).append("\" classname=\"").append(SUITE)
          .append("\" time=\"").append(seconds(gate.seconds())).append("\">\n");
      if (gate.skipped() != null) {
        xml.append("    <skipped message=\"").append(Html.escape(gate.skipped())).append("\"/>\n");
      } else if (!gate.passed()) {
        xml.append("    <failure type=\"gate\" message=\"").append(Html.escape(gate.describe())).append("\"/>\n");
      }
      xml.append("    <system-out>").append(Html.escape(gate.describe())).append("</system-out>\n")
          .append("  </testcase>\n");
    }
    return xml.append("</testsuite>\n").toString();
  }

  private static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds);
  }
}
