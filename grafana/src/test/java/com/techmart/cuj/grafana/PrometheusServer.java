package com.techmart.cuj.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Prometheus server (the Debian package's binary) on a free loopback port, over a TSDB
 * directory prepared by the test. Started by {@link #start}, stopped by {@link #close}.
 */
final class PrometheusServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private PrometheusServer(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  /**
   * Starts Prometheus and returns once {@code /-/ready} answers 200. Readiness is awaited on the
   * server's own log line "Server is ready to receive web requests" (logged after it turns ready),
   * then confirmed on {@code /-/ready}; the wait is bounded and fails with the server's log.
   */
  static PrometheusServer start(Path prometheus, Path config, Path tsdb) {
    int port = freePort();
    List<String> command = List.of(prometheus.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + tsdb,
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=info");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + prometheus, e);
    }
    PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          server.log.add(line);
          if (line.contains("Server is ready to receive web requests")) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        // the process ended; the exit below reports it
      }
      ready.completeExceptionally(new IllegalStateException("prometheus exited with " + exitCode(process)));
    }, "prometheus-log");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
      int status = server.http.send(HttpRequest.newBuilder(server.base.resolve("/-/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 200) {
        throw new IllegalStateException("/-/ready answered " + status);
      }
      return server;
    } catch (ExecutionException | TimeoutException | IOException | IllegalStateException e) {
      server.close();
      throw new AssertionError("Prometheus did not become ready within " + STARTUP.toSeconds() + " s ("
          + e.getMessage() + "); its log:\n" + String.join("\n", server.log), e);
    } catch (InterruptedException e) {
      server.close();
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code /api/v1/query} at {@code time} (seconds); returns {@code data}, failing on an error. */
  JsonNode query(String promql, long time) {
    return get("/api/v1/query?query=" + encode(promql) + "&time=" + time, promql);
  }

  JsonNode queryRange(String promql, long start, long end, int stepSeconds) {
    return get("/api/v1/query_range?query=" + encode(promql) + "&start=" + start + "&end=" + end + "&step=" + stepSeconds, promql);
  }

  JsonNode rules() {
    return get("/api/v1/rules", "rules");
  }

  private JsonNode get(String pathAndQuery, String what) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
        throw new AssertionError("Prometheus rejected " + what + ": HTTP " + response.statusCode() + " " + response.body());
      }
      return body.get("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String exitCode(Process p) {
    try {
      return String.valueOf(p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : "(still running)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(unknown)";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
