package io.veriregime.runtime.train;

import ai.djl.engine.Engine;
import io.veriregime.runtime.VeriRegimeException;
import java.util.Locale;

/**
 * Starts DJL's PyTorch engine from the libtorch natives on the classpath, never from the network.
 *
 * <p>The runtime pom picks the {@code pytorch-native-cpu} classifier by OS/arch (the way protoc
 * plugins pick protoc). Here we check, before DJL is touched, that this machine is one of those
 * platforms and that the matching natives really are on the classpath: otherwise DJL would try to
 * download libtorch (and fail offline with an obscure message).
 */
final class NativePlatform {

  private NativePlatform() {}

  /**
   * Checks the platform, forbids downloads and returns the engine. Call before any DJL model is
   * created ({@link Learner} seeds the engine itself, per network).
   */
  static Engine startEngine() {
    String classifier = classifier(System.getProperty("os.name"), System.getProperty("os.arch"));
    if (NativePlatform.class.getClassLoader().getResource("pytorch/cpu/" + classifier + "/") == null) {
      throw new VeriRegimeException("libtorch natives for " + classifier + " (ai.djl.pytorch:pytorch-native-cpu:"
          + classifier + ") are not on the runtime classpath. Build VeriRegime on this platform so its pom"
          + " selects the matching native classifier, or add that dependency to the plugin's dependencies.");
    }
    System.setProperty("ai.djl.offline", "true");
    return Engine.getEngine("PyTorch");
  }

  /** The pytorch-native-cpu classifier for an OS/arch pair, or a user-facing error naming the four supported. */
  static String classifier(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    if (os.startsWith("linux") && x64) return "linux-x86_64";
    if (os.startsWith("linux") && arm64) return "linux-aarch64";
    if (os.startsWith("mac") && arm64) return "osx-aarch64";
    if (os.startsWith("windows") && x64) return "win-x86_64";
    throw new VeriRegimeException("DJL's PyTorch engine has no CPU natives for " + osName + "/" + osArch
        + ". train-teacher and distill run on linux-x86_64, linux-aarch64, osx-aarch64 or win-x86_64;"
        + " run those stages on one of them (for example in CI) and reuse target/veriregime from there.");
  }
}
