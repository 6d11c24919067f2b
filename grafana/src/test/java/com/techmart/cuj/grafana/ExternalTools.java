package com.techmart.cuj.grafana;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Finds and runs promtool and prometheus (Debian package {@code prometheus}). */
final class ExternalTools {

  private ExternalTools() {}

  /** Looks on the PATH, or on {@code -Dgrafana.tools.path} when given (to try the skip). */
  static Optional<Path> find(String name) {
    String path = System.getProperty("grafana.tools.path", System.getenv().getOrDefault("PATH", ""));
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The tool, or the test is skipped with a message saying how to get it. */
  static Path require(String name) {
    Optional<Path> tool = find(name);
    assumeTrue(tool.isPresent(), name + " is not installed (apt-get install prometheus): skipping the test that needs it;"
        + " CI installs it and runs it");
    return tool.get();
  }

  record Result(int exitCode, String output) {}

  /** Runs a command to completion (at most {@code timeoutSeconds}), stdout and stderr together. */
  static Result run(List<String> command, Path workDir, long timeoutSeconds) {
    try {
      Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("cannot read the output of " + command, e);
    }
  }
}
