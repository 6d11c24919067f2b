package com.techmart.cuj.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmark scripts refuse bad options with a message and exit 2 before they start anything
 * (no database, no JVM), and they are shellcheck clean. The measurements themselves are not run
 * here: they take minutes and are not tests.
 */
class BenchmarkScriptsTest {

  private static final Path MODULE = Path.of("").toAbsolutePath();

  @ParameterizedTest(name = "e2e.sh {0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--pairs    | 0     | --pairs must be a positive whole number, was '0'",
      "--warmup   | 2m    | --warmup must be a positive whole number, was '2m'",
      "--duration | ''    | --duration must be a positive whole number, was ''",
      "--jvm-opt  | ''    | --jvm-opt needs a JVM option",
      "--bogus    | x     | unknown option '--bogus'",
  })
  void e2eRefusesABadOptionBeforeStartingAnything(String option, String value, String message) throws Exception {
    Result result = run("e2e.sh", option, value);

    assertThat(result.exit).as(result.output).isEqualTo(2);
    assertThat(result.output).contains("e2e: " + message);
    assertThat(result.output).doesNotContain("database:", "priming run");
  }

  @Test
  void e2eHelpListsEveryOption() throws Exception {
    Result result = run("e2e.sh", "--help");

    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output).contains("--pairs", "--duration", "--warmup", "--connections", "--threads",
        "--port", "--no-export", "--jfr", "--jvm-opt", "TieredStopAtLevel=1");
  }

  @Test
  void theScriptsAreShellcheckClean() throws Exception {
    Optional<Path> shellcheck = Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "shellcheck"))
        .filter(Files::isExecutable)
        .findFirst();
    assumeTrue(shellcheck.isPresent(), "shellcheck is not installed (apt-get install shellcheck); scripts not linted");
    Process process = new ProcessBuilder(shellcheck.get().toString(), "run.sh", "e2e.sh")
        .directory(MODULE.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  private record Result(int exit, String output) {}

  private static Result run(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
    return new Result(process.exitValue(), output);
  }
}
