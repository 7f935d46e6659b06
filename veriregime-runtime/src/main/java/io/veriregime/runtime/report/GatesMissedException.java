package io.veriregime.runtime.report;

import io.veriregime.runtime.VeriRegimeException;

/**
 * The build fails on missed gates, and on nothing else: the report (and its JUnit XML) was written and is
 * current, so the caller may still publish it where CI reads test results.
 */
public final class GatesMissedException extends VeriRegimeException {

  GatesMissedException(String message) {
    super(message);
  }
}
