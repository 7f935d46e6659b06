package io.veriregime.runtime.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.veriregime.runtime.files.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one test double: Binance on loopback, serving the real recorded files from
 * the repository's {@code test-data/} (archive zips with .CHECKSUM files computed from them, and the real
 * {@code /api/v3/klines} response sliced by startTime/endTime/limit as Binance does), plus faults
 * queued per path.
 */
final class BinanceTestServer implements AutoCloseable {

  static final String ARCHIVE_DAILY = "/data/spot/daily/klines/BTCUSDT/1m/";
  static final String ARCHIVE_MONTHLY = "/data/spot/monthly/klines/BTCUSDT/1m/";
  static final String KLINES = "/api/v3/klines";

  /** What the server does with one request. */
  enum Fault {
    /** Serve normally (to let some requests through before a fault). */
    NONE,
    /** 503 Service Unavailable. */
    SERVER_ERROR,
    /** 429 with Retry-After: 1. */
    TOO_MANY_REQUESTS,
    /** 418 (IP ban) with Retry-After: 1. */
    BANNED,
    /** 418 with Retry-After: 3600. */
    BANNED_FOR_AN_HOUR,
    /** Content-Length of the whole body, then half of it and the connection closes. */
    TRUNCATED_BODY,
    /** Headers and half the body, then nothing for 10 s. */
    STALL,
    /** The whole body with one byte changed. */
    CORRUPT_BODY,
    /** The whole body in eight pieces, 200 ms apart (a slow but moving download). */
    SLOW_BODY,
    /** 200 without a length, then zeros without end (until the client hangs up, or 1 GiB). */
    ENDLESS_BODY,
    /** 403 whose body starts with terminal control sequences and goes on for 100 KB. */
    HOSTILE_ERROR
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final AtomicInteger usedWeight = new AtomicInteger();
  private volatile ArrayNode klines = JSON.createArrayNode();
  /** Every request as {@code path?query}, in arrival order. */
  final List<String> requests = new CopyOnWriteArrayList<>();

  private BinanceTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "binance-test-server");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static BinanceTestServer start() {
    try {
      return new BinanceTestServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves a real daily archive zip and a .CHECKSUM computed from it. */
  BinanceTestServer archiveDay(Path zip) {
    return archiveFile(ARCHIVE_DAILY, zip.getFileName().toString(), read(zip));
  }

  /** Serves {@code bytes} as {@code <dir><name>} with a matching .CHECKSUM. */
  BinanceTestServer archiveFile(String dir, String name, byte[] bytes) {
    files.put(dir + name, bytes);
    files.put(dir + name + ".CHECKSUM", (Hashing.sha256(bytes) + "  " + name + "\n").getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  /** Replaces a file's content (e.g. a wrong .CHECKSUM). */
  BinanceTestServer file(String path, byte[] bytes) {
    files.put(path, bytes);
    return this;
  }

  /** Serves the real REST response as the whole history the API knows. */
  BinanceTestServer klines(Path json) {
    try {
      klines = (ArrayNode) JSON.readTree(json.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The next requests to {@code path} get these faults, one each, in order. */
  synchronized BinanceTestServer fail(String path, Fault... next) {
    faults.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(next));
    return this;
  }

  List<String> requestsTo(String pathPrefix) {
    return requests.stream().filter(r -> r.startsWith(pathPrefix)).toList();
  }

  private synchronized Fault nextFault(String path) {
    Deque<Fault> queue = faults.get(path);
    return queue == null || queue.isEmpty() ? Fault.NONE : queue.poll();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getRawQuery();
    requests.add(path + (query == null ? "" : "?" + query));
    try {
      Fault fault = nextFault(path);
      switch (fault) {
        case SERVER_ERROR -> send(exchange, 503, "{\"code\":-1000,\"msg\":\"Service unavailable\"}".getBytes());
        case TOO_MANY_REQUESTS -> refuse(exchange, 429, "1");
        case BANNED -> refuse(exchange, 418, "1");
        case BANNED_FOR_AN_HOUR -> refuse(exchange, 418, "3600");
        case HOSTILE_ERROR -> send(exchange, 403, ("\u001b[2J\u001b[31mACCESS DENIED" + "x".repeat(100_000)).getBytes());
        default -> serve(exchange, path, query, fault);
      }
    } finally {
      exchange.close();
    }
  }

  private void serve(HttpExchange exchange, String path, String query, Fault fault) throws IOException {
    byte[] body;
    if (path.equals(KLINES)) {
      Map<String, String> params = params(query);
      if (!"BTCUSDT".equals(params.get("symbol"))) {
        send(exchange, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}".getBytes());
        return;
      }
      body = slice(params);
      exchange.getResponseHeaders().add("X-MBX-USED-WEIGHT-1m", String.valueOf(usedWeight.addAndGet(2)));
    } else {
      body = files.get(path);
      if (body == null) {
        send(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>".getBytes());
        return;
      }
    }
    switch (fault) {
      case TRUNCATED_BODY -> {
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        // closing the exchange with bytes missing drops the connection
      }
      case STALL -> {
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        pause(10_000);
      }
      case SLOW_BODY -> {
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        int piece = (body.length + 7) / 8;
        for (int from = 0; from < body.length; from += piece) {
          out.write(body, from, Math.min(piece, body.length - from));
          out.flush();
          pause(200);
        }
      }
      case ENDLESS_BODY -> {
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        byte[] zeros = new byte[1 << 16];
        Arrays.fill(zeros, (byte) '0');
        try {
          for (int sent = 0; sent < 1 << 14; sent++) {
            out.write(zeros);
          }
        } catch (IOException hungUp) {
          // the client stopped reading, as it should
        }
      }
      case CORRUPT_BODY -> {
        byte[] corrupt = body.clone();
        corrupt[corrupt.length / 2] ^= 0x20;
        send(exchange, 200, corrupt);
      }
      default -> send(exchange, 200, body);
    }
  }

  /** Binance semantics: candles with startTime <= openTime <= endTime, oldest first, at most limit. */
  private byte[] slice(Map<String, String> params) throws IOException {
    long start = Long.parseLong(params.getOrDefault("startTime", "0"));
    long end = Long.parseLong(params.getOrDefault("endTime", String.valueOf(Long.MAX_VALUE)));
    int limit = Math.min(Integer.parseInt(params.getOrDefault("limit", "500")), 1000);
    ArrayNode page = JSON.createArrayNode();
    for (JsonNode candle : klines) {
      long open = candle.get(0).asLong();
      if (open >= start && open <= end && page.size() < limit) {
        page.add(candle);
      }
    }
    return JSON.writeValueAsBytes(page);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void refuse(HttpExchange exchange, int status, String retryAfter) throws IOException {
    exchange.getResponseHeaders().add("Retry-After", retryAfter);
    send(exchange, status, "{\"code\":-1003,\"msg\":\"Too many requests.\"}".getBytes());
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new HashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        params.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return params;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
