package io.veriregime.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What the JDK's HTTP client throws, in words (the truncated body and the stall are in
 * ArchiveSourceTest and ApiSourceTest, from the loopback server).
 */
class DownloadFailureTest {

  @Test
  void aRefusedConnectionIsSaidInWords() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort(); // nothing listens there once it is closed
    }
    IOException refused = catchThrowableOfType(() -> HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/data")).build(),
        HttpResponse.BodyHandlers.ofByteArray()), IOException.class);

    assertThat(DownloadFailure.describe(refused)).isEqualTo("the server refused the connection");
  }
}
