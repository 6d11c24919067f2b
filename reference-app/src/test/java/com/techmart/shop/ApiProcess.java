package com.techmart.shop;

import com.techmart.shop.launch.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The api in a JVM of its own ({@code serve --role api}), so a test can kill it as {@code kill -9}
 * would ({@link Process#destroyForcibly()}: SIGKILL, no shutdown hook runs). The test JVM keeps the
 * database and the other services, so nothing is orphaned.
 */
final class ApiProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  private final Process process;
  private final URI uri;
  private final List<String> output;

  private ApiProcess(Process process, URI uri, List<String> output) {
    this.process = process;
    this.uri = uri;
    this.output = output;
  }

  /** Starts the api with these system properties, and waits (up to 5 minutes on a busy machine) until it listens. */
  static ApiProcess start(Database database, URI inventory, URI payments, Map<String, String> properties) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("com.techmart.shop.Main");
    command.add("serve");
    command.add("--role");
    command.add("api");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("TECHMART_DB_URL", database.url());
    env.put("TECHMART_DB_USER", database.user());
    env.put("TECHMART_DB_PASSWORD", database.password());
    env.put("TECHMART_HOST", "127.0.0.1");
    env.put("TECHMART_PORT", "0");
    env.put("TECHMART_INVENTORY_URL", inventory.toString());
    env.put("TECHMART_PAYMENTS_URL", payments.toString());
    env.remove("OTEL_EXPORTER_OTLP_ENDPOINT");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the api process", e);
    }
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<URI> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          output.add(line);
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            listening.complete(URI.create(m.group(1)));
          }
        }
      } catch (IOException e) {
        // the process died; its exit is what the test looks at
      } finally {
        listening.completeExceptionally(new IllegalStateException("the api process ended before it listened"));
      }
    }, "api-process-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ApiProcess(process, listening.get(5, TimeUnit.MINUTES), output);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("the api process did not start: " + e + "\n" + String.join("\n", output), e);
    }
  }

  URI uri() {
    return uri;
  }

  /** What the process printed so far. */
  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the api process survived SIGKILL for 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
