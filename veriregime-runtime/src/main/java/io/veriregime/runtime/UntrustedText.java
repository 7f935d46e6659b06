package io.veriregime.runtime;

/**
 * Untrusted text (a file's line, a value from the command line, a server's answer) as a message may
 * show it: bounded, with everything but printable ASCII escaped, so a message never carries a whole
 * line of a wrong file or a terminal control sequence.
 */
public final class UntrustedText {

  /** How many characters of untrusted text a message shows. */
  public static final int EXCERPT = 40;

  private UntrustedText() {}

  /** At most {@value #EXCERPT} characters of {@code text}, escaped as {@code \xNN} or {@code \}{@code uNNNN}. */
  public static String excerpt(String text) {
    return excerpt(text, EXCERPT);
  }

  /** At most {@code max} characters of {@code text}, escaped as {@link #excerpt(String)} does. */
  public static String excerpt(String text, int max) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(text.length(), max); i++) {
      char c = text.charAt(i);
      if (c >= ' ' && c < 0x7F) {
        s.append(c);
      } else {
        s.append(String.format(c <= 0xFF ? "\\x%02X" : "\\u%04X", (int) c));
      }
    }
    return text.length() > max ? s + "..." : s.toString();
  }

  /** {@link #excerpt(String)} in single quotes. */
  public static String quoted(String text) {
    return quoted(text, EXCERPT);
  }

  /** {@link #excerpt(String, int)} in single quotes. */
  public static String quoted(String text, int max) {
    return "'" + excerpt(text, max) + "'";
  }
}
