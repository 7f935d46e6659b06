package io.veriregime.maven;

import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;

/**
 * VeriRegime's on/off parameters accept exactly {@code true} or {@code false}. Maven's own
 * converter reads every other word as false ({@code Boolean.valueOf}), so
 * {@code -Dveriregime.skip=maybe} or a typo such as {@code -Dveriregime.offline=ture} would
 * silently do the opposite of what was meant; here it stops the build naming the property.
 */
final class Switches {

  private Switches() {}

  /**
   * {@code true} or {@code false} (any case, surrounding blanks ignored); an absent value is
   * false; anything else fails the build.
   */
  static boolean parse(String property, String value) throws MojoFailureException {
    if (value == null) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new MojoFailureException(property + " must be true or false, not '" + value
          + "'. Use -D" + property + "=true or -D" + property + "=false (or the <configuration> element).");
    };
  }
}
