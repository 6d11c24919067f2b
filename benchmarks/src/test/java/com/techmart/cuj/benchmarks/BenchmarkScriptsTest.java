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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmark scripts refuse bad options with a message and exit 2 before they start anything
 * (no database, no JVM), and they are shellcheck clean. The measurements themselves are not run
 * here: they take minutes and are not tests.
 */
class BenchmarkScriptsTest {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final String FIXTURE = MODULE.resolve("src/test/resources/jmh-two-modes.json").toString();

  @ParameterizedTest(name = "e2e.sh {0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--pairs    | 0     | --pairs must be a positive whole number, was '0'",
      "--warmup   | 2m    | --warmup must be a positive whole number, was '2m'",
      "--duration | ''    | --duration must be a positive whole number, was ''",
      "--jvm-opt  | ''    | --jvm-opt needs a JVM option",
      "--idle     | 0     | --idle must be a positive whole number, was '0'",
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
        "--port", "--no-export", "--idle", "--jfr", "--jvm-opt", "TieredStopAtLevel=1");
  }

  @ParameterizedTest(name = "run.sh --pin {0}")
  @CsvSource({"99", "x", "-1"})
  void runRefusesAPinOutsideTheMachinesCpusBeforeStartingAJvm(String cpu) throws Exception {
    Result result = run("run.sh", "--pin", cpu, "-f", "1", "JourneyBenchmark");

    assertThat(result.exit).as(result.output).isEqualTo(2);
    assertThat(result.output).contains("run: --pin needs a CPU number from 0 to ", "was '" + cpu + "'");
    assertThat(result.output).doesNotContain("java:", "# JMH");
  }

  @Test
  void forksPrintsOneMedianPerForkAndMarksABenchmarkWhoseForksDisagree() throws Exception {
    // Fork medians of the issue-17 table: two forks fast, two slow; JMH's score (479 ± 95)
    // would show one wide error bar.
    Result result = run("forks.sh", FIXTURE);

    assertThat(result.exit).as(result.output).isZero();
    List<String> lines = result.output.lines().toList();
    assertThat(line(lines, "JourneyBenchmark.journey "))
        .contains("telemetry=sdk", "ns/op", " 5 ", "407 598 402 600 409", "1.49", "MODES?");
    // An even number of iterations: the median is the mean of the middle two.
    assertThat(line(lines, "JourneyBenchmark.handWritten "))
        .contains("413 408 410.5 410 410", "1.01").doesNotContain("MODES?");
    assertThat(line(lines, "RequestPathBenchmark.routeMatch ")).contains(" - ", "23 22", "1.05")
        .doesNotContain("MODES?");
  }

  @Test
  void forksRefusesWhatIsNotAJmhResultWithAMessage(@TempDir Path dir) throws Exception {
    Path notJmh = Files.writeString(dir.resolve("object.json"), "{\"benchmark\": \"x\"}");
    Path noRawData = Files.writeString(dir.resolve("noraw.json"),
        "[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {\"score\": 1, \"scoreUnit\": \"ns/op\"}}]");
    Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"benchmark\": ");

    assertThat(run("forks.sh", notJmh.toString())).satisfies(r -> {
      assertThat(r.exit).as(r.output).isEqualTo(2);
      assertThat(r.output).contains("forks: ", "not a JMH JSON result");
    });
    assertThat(run("forks.sh", noRawData.toString())).satisfies(r -> {
      assertThat(r.exit).as(r.output).isEqualTo(2);
      assertThat(r.output).contains("a.B.c: no primaryMetric.rawData");
    });
    assertThat(run("forks.sh", broken.toString())).satisfies(r -> {
      assertThat(r.exit).as(r.output).isEqualTo(2);
      assertThat(r.output).startsWith("forks: ");
    });
    assertThat(run("forks.sh", dir.resolve("missing.json").toString())).satisfies(r -> {
      assertThat(r.exit).as(r.output).isEqualTo(2);
      assertThat(r.output).contains("cannot read");
    });
  }

  @Test
  void inliningPassesAForkWhoseHotPathC2InlinedAndFailsOneWhereItWasAlreadyCompiledIntoABigMethod()
      throws Exception {
    // Excerpts of -XX:+PrintInlining logs: the slow fork of issue 17, and a fork of the fix.
    String fast = MODULE.resolve("src/test/resources/inlining-fast-fork.txt").toString();
    String slow = MODULE.resolve("src/test/resources/inlining-slow-fork.txt").toString();

    Result result = run("inlining.sh", "--check", fast, slow);

    assertThat(result.exit).as(result.output).isEqualTo(1);
    List<String> lines = result.output.lines().toList();
    assertThat(line(lines, "PASS  inlining-fast-fork.txt")).contains("inlined by C2 5 times", "33.000 ns/op");
    assertThat(line(lines, "FAIL  inlining-slow-fork.txt"))
        .contains("JourneyRunner::call: already compiled into a big method", "187.000 ns/op");
    assertThat(run("inlining.sh", "--check", fast).exit).isZero();
  }

  @Test
  void inliningRefusesBadOptionsBeforeStartingAJvm() throws Exception {
    assertThat(run("inlining.sh", "-n", "0")).satisfies(r -> {
      assertThat(r.exit).as(r.output).isEqualTo(2);
      assertThat(r.output).contains("inlining: -n must be a positive whole number, was '0'");
    });
    assertThat(run("inlining.sh", "-p", "on")).satisfies(r -> {
      assertThat(r.exit).as(r.output).isEqualTo(2);
      assertThat(r.output).contains("-p must be off or sdk");
    });
    assertThat(run("inlining.sh", "--check")).satisfies(r -> {
      assertThat(r.exit).as(r.output).isEqualTo(2);
      assertThat(r.output).contains("--check needs at least one log");
    });
  }

  private static String line(List<String> lines, String start) {
    return lines.stream().filter(l -> l.startsWith(start)).findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + start + " in " + lines));
  }

  @Test
  void theScriptsAreShellcheckClean() throws Exception {
    Optional<Path> shellcheck = Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "shellcheck"))
        .filter(Files::isExecutable)
        .findFirst();
    assumeTrue(shellcheck.isPresent(), "shellcheck is not installed (apt-get install shellcheck); scripts not linted");
    Process process = new ProcessBuilder(shellcheck.get().toString(), "run.sh", "e2e.sh", "forks.sh", "inlining.sh")
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
