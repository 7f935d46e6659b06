package io.veriregime.runtime.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP proxy on loopback, for tests that must show traffic going through a proxy: it
 * forwards plain-HTTP requests (absolute-form {@code GET http://host/path}) and tunnels
 * {@code CONNECT host:443}, one request per client connection, and records each one. With
 * credentials it answers 407 to a request without the matching {@code Proxy-Authorization}.
 */
public final class LoopbackProxy implements AutoCloseable {

  /** What each client asked for, in arrival order: {@code GET http://…} or {@code CONNECT host:port}. */
  public final List<String> requests = new CopyOnWriteArrayList<>();
  /** The {@code Proxy-Authorization} each request carried ("" when none), in the same order. */
  public final List<String> authorizations = new CopyOnWriteArrayList<>();

  private final ServerSocket server;
  private final Optional<String> expectedAuthorization;

  private LoopbackProxy(Optional<String> expectedAuthorization) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.expectedAuthorization = expectedAuthorization;
    daemon(this::acceptLoop);
  }

  /** A proxy that asks for nothing. */
  public static LoopbackProxy start() {
    return start(Optional.empty());
  }

  /** A proxy that wants Basic credentials {@code user:password}. */
  public static LoopbackProxy requiring(String user, String password) {
    return start(new HttpProxy("unused", 0, user, password, List.of()).basicAuthorization());
  }

  private static LoopbackProxy start(Optional<String> expectedAuthorization) {
    try {
      return new LoopbackProxy(expectedAuthorization);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** This proxy for every scheme, with {@code user:password} (empty for none). */
  public Proxies proxies(String user, String password) {
    HttpProxy proxy = new HttpProxy("127.0.0.1", port(), user, password, List.of());
    return new Proxies(proxy, proxy);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        daemon(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      String[] requestLine = head.get(0).split(" ");
      String authorization = head.stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("");
      requests.add(requestLine[0] + " " + requestLine[1]);
      authorizations.add(authorization);
      OutputStream out = client.getOutputStream();
      if (expectedAuthorization.isPresent() && !expectedAuthorization.get().equals(authorization)) {
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      if (requestLine[0].equals("CONNECT")) {
        String[] hostPort = requestLine[1].split(":");
        try (Socket origin = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
          out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          daemon(() -> pump(in, origin));
          origin.getInputStream().transferTo(out); // until the origin hangs up; then both sockets close
        }
      } else {
        forward(requestLine, head, out);
      }
    } catch (IOException e) {
      // the client or the origin hung up: nothing to record
    }
  }

  /** Sends the request on to the origin with {@code Connection: close}, and its whole answer back. */
  private static void forward(String[] requestLine, List<String> head, OutputStream out) throws IOException {
    URI target = URI.create(requestLine[1]);
    try (Socket origin = new Socket(target.getHost(), target.getPort() == -1 ? 80 : target.getPort())) {
      StringBuilder request = new StringBuilder(requestLine[0] + " " + target.getRawPath()
          + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()) + " HTTP/1.1\r\n");
      for (String line : head.subList(1, head.size())) {
        String name = line.toLowerCase(Locale.ROOT);
        if (!name.startsWith("proxy-") && !name.startsWith("connection:")) {
          request.append(line).append("\r\n");
        }
      }
      request.append("Connection: close\r\n\r\n");
      origin.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      InputStream answer = origin.getInputStream();
      // the client must not keep this connection: one request per connection here
      StringBuilder responseHead = new StringBuilder();
      for (String line : readHead(answer)) {
        if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          responseHead.append(line).append("\r\n");
        }
      }
      responseHead.append("Connection: close\r\n\r\n");
      out.write(responseHead.toString().getBytes(StandardCharsets.ISO_8859_1));
      answer.transferTo(out);
    }
  }

  /** The request or status line and the header lines, up to the blank line. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).replaceFirst("\r$", "");
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
    }
    return lines;
  }

  private static void pump(InputStream in, Socket origin) {
    try {
      in.transferTo(origin.getOutputStream());
      origin.shutdownOutput();
    } catch (IOException e) {
      // either side closed
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "loopback-proxy");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
