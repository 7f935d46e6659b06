package io.veriregime.runtime.data;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A failed download attempt in words. The JDK's exception text ("IOException: fixed content-length:
 * 68923, bytes received: 34461") reached the user as it was; it says neither what happened nor what
 * to do, which the final message adds (the URL, the file, the keys to change).
 */
final class DownloadFailure {

  private static final Pattern TRUNCATED = Pattern.compile("fixed content-length: (\\d+), bytes received: (\\d+)");

  private DownloadFailure() {}

  static String describe(IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher truncated = TRUNCATED.matcher(message);
    if (truncated.find()) {
      return String.format(Locale.ROOT, "the connection closed after %,d of %,d bytes (a truncated download)",
          Long.parseLong(truncated.group(2)), Long.parseLong(truncated.group(1)));
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "connecting to the server timed out";
    }
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return "the server refused the connection";
    }
    if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
      return "the server's host name is unknown (no DNS answer)";
    }
    if (e instanceof SSLException || e.getCause() instanceof SSLException) {
      return "the TLS connection failed (" + message + ")";
    }
    if (e instanceof EOFException || message.contains("EOF reached") || message.contains("connection closed")) {
      return "the connection closed before the whole response arrived (a truncated download)";
    }
    // our own stall ("no data for 500 ms (the connection stalled)") and anything else, without the class name
    return message.isEmpty() ? "a network error (" + e.getClass().getSimpleName() + ")" : message;
  }
}
