package com.techmart.cuj.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator as users run it. Bad input is tried in a separate JVM, so the exit code is the one
 * a shell or CI would see.
 */
class GeneratorCliTest {

  @TempDir Path dir;

  @Test
  void aBrokenCatalogueFailsWithTheLoadersMessageNamingFileAndJourney() throws IOException {
    Path catalogue = write("broken.yaml", """
        version: 1
        journeys:
          - name: checkout
            slo:
              availability: 120
        """);
    ExternalTools.Result result = cli("--catalogue", catalogue.toString(), "--out", dir.resolve("out").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output())
        .contains("broken.yaml")
        .contains("journey 'checkout'")
        .contains("slo.availability must be a percentage between 0 and 100");
    assertThat(dir.resolve("out")).as("nothing is written for a broken catalogue").doesNotExist();
  }

  @Test
  void aLatencyThresholdBetweenBucketsIsRejectedWithTheBoundsToChooseFrom() throws IOException {
    Path catalogue = write("between-buckets.yaml", """
        version: 1
        journeys:
          - name: search
            slo:
              availability: 99.5
              latency:
                - percentile: 95
                  threshold: 450ms
        """);
    ExternalTools.Result result = cli("--catalogue", catalogue.toString(), "--out", dir.resolve("out").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output())
        .contains("between-buckets.yaml")
        .contains("journey 'search'")
        .contains("latency objective 'latency' has threshold 450 ms, which is not a bucket bound")
        .contains("5, 10, 25, 50, 100, 250, 300, 400, 500, 1000, 2500, 5000, 10000, 30000")
        .contains("--buckets");
  }

  @Test
  void theSameThresholdIsAcceptedWhenTheBucketsSayItIsABound() throws IOException {
    Path catalogue = write("between-buckets.yaml", """
        version: 1
        journeys:
          - name: search
            slo:
              availability: 99.5
              latency:
                - percentile: 95
                  threshold: 450ms
        """);
    Path out = dir.resolve("out");
    Run run = inProcess("--catalogue", catalogue.toString(), "--out=" + out, "--buckets=100,450,1000");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.readString(out.resolve("rules/search.rules.yaml"))).contains("le=~\"450([.]0)?\"");
  }

  @Test
  void aMissingCatalogueFileIsNamed() {
    ExternalTools.Result result = cli("--catalogue", dir.resolve("nope.yaml").toString(), "--out", dir.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("cannot read journey catalogue").contains("nope.yaml");
  }

  @Test
  void missingArgumentsPrintTheUsage() {
    ExternalTools.Result result = cli("--catalogue", "journeys.yaml");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("--catalogue and --out are required").contains("usage: cuj-grafana");
    Run unknown = inProcess("--catalogue", "x.yaml", "--out", "y", "--colour", "blue");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown option --colour");
    Run badNamespace = inProcess("--catalogue", "x.yaml", "--out", "y", "--namespace", "tech-mart");
    assertThat(badNamespace.code()).isEqualTo(2);
    assertThat(badNamespace.err()).contains("namespace 'tech-mart' is not a valid metric name prefix");
  }

  @Test
  void generatesIntoTheOutputDirectoryAndRemovesOnlyItsOwnStaleFiles() throws IOException {
    Path out = dir.resolve("out");
    Path catalogue = write("journeys.yaml", """
        version: 1
        journeys:
          - name: search
            dashboard: deep-dive
            slo: {availability: 99.5}
          - name: wishlist
            dashboard: deep-dive
        """);
    Run first = inProcess("--catalogue", catalogue.toString(), "--out", out.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("wrote 5 files");
    assertThat(out.resolve("dashboards/wishlist-slo.json")).exists();
    Path mine = Files.writeString(out.resolve("dashboards/team-dashboard.json"), "{\"title\": \"ours\"}");

    write("journeys.yaml", """
        version: 1
        journeys:
          - name: search
            dashboard: deep-dive
            slo: {availability: 99.5}
        """);
    Run second = inProcess("--catalogue", catalogue.toString(), "--out", out.toString());
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(out.resolve("dashboards/wishlist-slo.json")).as("the removed journey's dashboard").doesNotExist();
    assertThat(out.resolve("rules/wishlist.rules.yaml")).as("the removed journey's rules").doesNotExist();
    assertThat(out.resolve("dashboards/search-slo.json")).exists();
    assertThat(mine).as("a file the generator did not write").exists();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  record Run(int code, String out, String err) {}

  private static Run inProcess(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = GeneratorCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs the CLI's main in a fresh JVM on the test class path. */
  private ExternalTools.Result cli(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        GeneratorCli.class.getName()));
    command.addAll(List.of(args));
    return ExternalTools.run(command, dir, 60);
  }
}
