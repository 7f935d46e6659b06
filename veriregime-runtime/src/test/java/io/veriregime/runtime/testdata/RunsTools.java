package io.veriregime.runtime.testdata;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that runs a real tool: libtorch through DJL, ONNX Runtime, EZKL, Node.js
 * (snarkjs, the EVM), Chromium, or a child JVM. Such classes run in Surefire's {@code tool-tests}
 * execution, after the pure unit tests; {@code ./mvnw -P quick test} runs the pure ones alone
 * (DEVELOPERS.md, "Test tiers").
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsTools.TAG)
public @interface RunsTools {
  String TAG = "tools";
}
