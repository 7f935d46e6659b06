package io.veriregime.runtime.data;

import io.veriregime.runtime.UntrustedText;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.net.HttpProxy;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.StageLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * GET with the retry rules both Binance sources need, on {@link HttpClient}:
 * <ul>
 *   <li>transient failures (connection errors, 5xx, a body cut short, a body that fails the
 *       caller's check, no bytes for {@code timeout}) are retried up to {@code retries} times with
 *       exponential backoff;</li>
 *   <li>429 and 418 wait for {@code Retry-After} before the next attempt (and fail at once if the
 *       server asks for more than {@link #MAX_RETRY_AFTER});</li>
 *   <li>{@code X-MBX-USED-WEIGHT-1m} near Binance's per-minute limit pauses until the next
 *       minute, so the next request does not earn a 429;</li>
 *   <li>a body larger than the caller's limit (declared or as it arrives) fails at once, before it
 *       can exhaust the heap: no Binance file is near the limits, so retrying would not help.</li>
 * </ul>
 * The time-out is an idle time-out: it covers connecting, waiting for headers and every gap
 * between body chunks, so a slow but moving download finishes and a stalled one fails.
 */
final class HttpFetcher {

  /** Binance spot's request-weight budget per minute and IP (REQUEST_WEIGHT in /api/v3/exchangeInfo). */
  static final int WEIGHT_LIMIT_PER_MINUTE = 6000;
  static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1m";
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

  /** How much of a server's error body a message shows: enough for Binance's {"code":…,"msg":…}. */
  private static final int ERROR_EXCERPT = 120;

  /**
   * A server's answer as a message may show it: the start of it, escaped ({@link UntrustedText}), so a
   * hostile or broken server cannot fill a log or send terminal control sequences through it.
   */
  static String excerpt(byte[] body) {
    return UntrustedText.excerpt(new String(body, 0, Math.min(body.length, 4 * ERROR_EXCERPT), StandardCharsets.UTF_8),
        ERROR_EXCERPT);
  }

  /** A response the caller has to judge: 2xx with a body that passed the check, or a 4xx. */
  record Response(int status, byte[] body, HttpHeaders headers) {}

  private final HttpClient client;
  private final Duration timeout;
  private final int retries;
  private final Duration backoff;
  private final Proxies proxies;
  private final StageLog log;

  /**
   * @param backoff the wait before the first retry; doubled before each further one
   * @param proxies the proxies to go through (settings.xml or the environment), per URL
   */
  HttpFetcher(Duration timeout, int retries, Duration backoff, Proxies proxies, StageLog log) {
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .proxy(proxies.selector())
        .build();
    this.proxies = proxies;
    this.timeout = timeout;
    this.retries = retries;
    this.backoff = backoff;
    this.log = log;
  }

  /**
   * Fetches {@code uri}. A 2xx body is passed to {@code check}, which returns a problem (the body
   * is unusable: retry) or empty; 4xx other than 429/418 are returned without retrying.
   *
   * @param what names the resource in log lines and errors, e.g. the file name
   * @param maxBytes the most body bytes held in memory; a larger body is an error
   */
  Response get(URI uri, String what, long maxBytes, Function<byte[], Optional<String>> check) {
    String lastProblem = "";
    boolean waitedAsAsked = false;
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0 && waitedAsAsked) {
        log.warn("fetch-data: " + what + ": retry " + attempt + " of " + retries);
      } else if (attempt > 0) {
        Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 16));
        log.warn("fetch-data: " + what + ": " + lastProblem + "; retry " + attempt + " of " + retries + " in "
            + wait.toMillis() + " ms");
        sleep(wait);
      }
      waitedAsAsked = false;
      Response response;
      try {
        response = attempt(uri, what, maxBytes);
      } catch (IOException e) {
        lastProblem = DownloadFailure.describe(e);
        continue;
      }
      pauseIfNearWeightLimit(response.headers());
      int status = response.status();
      if (status == 429 || status == 418) {
        Duration retryAfter = retryAfter(response.headers());
        if (retryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
          // the way round a limit depends on the source asked: the REST API's is the archive
          String alternative = uri.getPath().contains("/api/v3/")
              ? "use source binance-archive, which has no request limit."
              : "point data.archiveUrl at a mirror of the archive (or copy its files into data.cacheDir).";
          throw new VeriRegimeException("Binance refused " + uri + " with HTTP " + status
              + (status == 418 ? " (this IP is banned for sending too many requests)" : " (rate limit)")
              + " and asks to wait " + retryAfter.toSeconds() + " s. Wait that long and run again, or " + alternative);
        }
        lastProblem = "HTTP " + status + (status == 418 ? " (IP banned for too many requests)" : " (rate limited)")
            + ", Retry-After " + retryAfter.toSeconds() + " s";
        log.warn("fetch-data: " + what + ": " + lastProblem + ", waiting");
        sleep(retryAfter);
        waitedAsAsked = true;
        continue;
      }
      if (status == 407) {
        throw new VeriRegimeException("The proxy " + proxyName(uri) + " refused " + uri
            + " with HTTP 407 (proxy authentication required). Check the proxy's username and password in Maven's "
            + "settings.xml (<proxies>) or in the https_proxy / http_proxy environment variable."
            + ("https".equalsIgnoreCase(uri.getScheme()) ? " For https the JDK sends Basic credentials to a proxy only when"
                + " started with -Djdk.http.auth.tunneling.disabledSchemes= (add it to MAVEN_OPTS, or to the java"
                + " command of the CLI)." : ""));
      }
      if (status >= 500) {
        lastProblem = "HTTP " + status + " from the server";
        continue;
      }
      if (status >= 200 && status < 300) {
        Optional<String> problem = check.apply(response.body());
        if (problem.isPresent()) {
          lastProblem = problem.get();
          continue;
        }
      }
      return response;
    }
    throw new VeriRegimeException("Could not download " + what + " from " + uri + " after " + (retries + 1) + " attempt(s): "
        + lastProblem + ". Check the network" + proxies.forUri(uri).map(p -> ", the proxy " + p.host() + ":"
            + p.port() + " (settings.xml or https_proxy)").orElse("") + " and the URL (data.archiveUrl / data.apiUrl), raise data.retries or "
        + "data.timeout (now " + timeout.toSeconds() + " s), or run offline once the cache holds the data.");
  }

  private Response attempt(URI uri, String what, long maxBytes) throws IOException {
    AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    AtomicReference<Counting> body = new AtomicReference<>();
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
    // sent up front, as curl and pip do, rather than after the proxy's 407
    proxies.forUri(uri).flatMap(HttpProxy::basicAuthorization)
        .ifPresent(credentials -> builder.header("Proxy-Authorization", credentials));
    HttpRequest request = builder.build();
    CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> {
      lastActivity.set(System.nanoTime());
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      Progress progress = new Progress(log, "fetch-data: downloading " + what, Progress.Unit.BYTES, declared);
      body.set(new Counting(progress, lastActivity, info.statusCode() / 100 == 2, declared,
          () -> tooLarge(uri, what, maxBytes), maxBytes));
      return body.get();
    });
    long timeoutNanos = timeout.toNanos();
    long poll = Math.max(10, Math.min(timeout.toMillis() / 4, 1000));
    while (true) {
      try {
        HttpResponse<byte[]> response = future.get(poll, TimeUnit.MILLISECONDS);
        return new Response(response.statusCode(), response.body(), response.headers());
      } catch (TimeoutException e) {
        long idle = System.nanoTime() - lastActivity.get();
        if (idle > timeoutNanos) {
          if (body.get() != null) {
            body.get().cancel();
          }
          future.cancel(true);
          throw new IOException("no data for " + timeout.toMillis() + " ms (the connection stalled)");
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof VeriRegimeException tooLarge) {
          throw tooLarge;
        }
        throw cause instanceof IOException io ? io : new IOException(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        future.cancel(true);
        throw new VeriRegimeException("Interrupted while downloading " + uri + ".", e);
      }
    }
  }

  private String proxyName(URI uri) {
    return proxies.forUri(uri).map(p -> p.host() + ":" + p.port()).orElse("(none)");
  }

  /** Sleeps until the next minute when the used request weight is within 10% of the limit. */
  private void pauseIfNearWeightLimit(HttpHeaders headers) {
    OptionalLong used = headers.firstValueAsLong(USED_WEIGHT_HEADER);
    if (used.isPresent()) {
      Duration pause = weightPause(used.getAsLong(), Instant.now());
      if (!pause.isZero()) {
        log.warn("fetch-data: Binance request weight " + used.getAsLong() + " of " + WEIGHT_LIMIT_PER_MINUTE
            + " used this minute; pausing " + pause.toMillis() + " ms until the next minute");
        sleep(pause);
      } else {
        log.debug("fetch-data: Binance request weight " + used.getAsLong() + " of " + WEIGHT_LIMIT_PER_MINUTE);
      }
    }
  }

  /** How long to wait before the next request, given the weight used in the current minute. */
  static Duration weightPause(long usedWeight, Instant now) {
    if (usedWeight < WEIGHT_LIMIT_PER_MINUTE * 9L / 10) {
      return Duration.ZERO;
    }
    // the weight counter resets at the start of each UTC minute; a second of margin for clock skew
    Instant nextMinute = now.atOffset(ZoneOffset.UTC).withSecond(0).withNano(0).plusMinutes(1).toInstant();
    return Duration.between(now, nextMinute).plusSeconds(1);
  }

  /**
   * {@code Retry-After} in seconds (Binance sends seconds); a minute when absent or unreadable,
   * which includes a negative number (RFC 9110 allows only non-negative ones).
   */
  static Duration retryAfter(HttpHeaders headers) {
    return headers.firstValue("Retry-After").flatMap(value -> {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }).filter(wait -> !wait.isNegative()).orElse(Duration.ofMinutes(1));
  }

  private static VeriRegimeException tooLarge(URI uri, String what, long maxBytes) {
    String limit = maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : (maxBytes >> 10) + " KiB";
    return new VeriRegimeException(uri + " sends more than " + limit + ", far more than " + what
        + " can be, so it is not the file asked for. Check the URL (data.archiveUrl / data.apiUrl): it must point "
        + "at Binance or a mirror of it.");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VeriRegimeException("Interrupted while waiting to download again.", e);
    }
  }

  /**
   * Collects the body up to a limit, counts bytes for progress and records when bytes last
   * arrived.
   */
  private static final class Counting implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Progress progress;
    private final AtomicLong lastActivity;
    private final boolean report;
    private final long declared;
    private final Supplier<VeriRegimeException> tooLarge;
    private final long maxBytes;
    private volatile Flow.Subscription subscription;

    /** @param declared the Content-Length, or -1 when the server did not send one */
    Counting(Progress progress, AtomicLong lastActivity, boolean report, long declared,
        Supplier<VeriRegimeException> tooLarge, long maxBytes) {
      this.progress = progress;
      this.lastActivity = lastActivity;
      this.report = report;
      this.declared = declared;
      this.tooLarge = tooLarge;
      this.maxBytes = maxBytes;
    }

    /** Stops the download and fails the body: nothing more is buffered. */
    private void refuse() {
      cancel();
      result.completeExceptionally(tooLarge.get());
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (declared > maxBytes) {
        refuse();
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return; // refused already; the cancelled stream may still deliver what was in flight
      }
      long incoming = items.stream().mapToLong(ByteBuffer::remaining).sum();
      if (bytes.size() + incoming > maxBytes) {
        refuse();
        return;
      }
      for (ByteBuffer item : items) {
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
      lastActivity.set(System.nanoTime());
      if (report) {
        progress.update(bytes.size());
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      // the caller logs the finished download with what it verified
      result.complete(bytes.toByteArray());
    }
  }
}
