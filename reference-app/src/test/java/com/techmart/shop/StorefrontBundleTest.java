package com.techmart.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyCatalogue;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storefront's JavaScript is bundled from storefront/ (package.json + package-lock.json) into a
 * committed src/main/resources/storefront/storefront.js, so building and running the app needs
 * only a JDK. This test keeps the two in step: it rebuilds the bundle from the lock file in a clean
 * directory and compares byte for byte. Without node and npm it is skipped and says so.
 */
class StorefrontBundleTest {

  private static final Path SOURCE = Paths.get("storefront");
  private static final Path BUNDLE = Paths.get("src/main/resources/storefront/storefront.js");
  private static final Pattern JOURNEY = Pattern.compile("journey\\('([a-z0-9-]+)'");

  @Test
  void theCommittedBundleIsWhatTheLockedSourcesBuild(@TempDir Path work) throws Exception {
    Assumptions.assumeTrue(onPath("node") && onPath("npm"),
        "SKIPPED: node and npm are not on the PATH, so the committed storefront.js cannot be rebuilt and compared");
    for (String file : List.of("package.json", "package-lock.json", "build.mjs")) {
      Files.copy(SOURCE.resolve(file), work.resolve(file));
    }
    copyTree(SOURCE.resolve("src"), work.resolve("src"));

    run(work, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
    run(work, "node", "build.mjs", "fresh.js");

    // Digests, not the bytes: a failure should name the fix, not print 90 kB twice.
    assertThat(sha256(BUNDLE))
        .as("%s is stale: run `cd reference-app/storefront && npm ci && npm run build` and commit the result", BUNDLE)
        .isEqualTo(sha256(work.resolve("fresh.js")));
  }

  @Test
  void everyJourneyTheStorefrontRunsIsInTheCatalogue() throws IOException {
    JourneyCatalogue catalogue = JourneyCatalogue.load(Paths.get("src/main/resources/cuj/journeys.yaml"));
    String source = Files.readString(SOURCE.resolve("src/main.js"), StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>();
    Matcher m = JOURNEY.matcher(source);
    while (m.find()) {
      names.add(m.group(1));
    }
    // The three journeys, each as a shopper starts it; anything else would be dropped at ingestion.
    assertThat(names).containsOnly("product-discovery", "checkout", "order-lookup")
        .allSatisfy(name -> assertThat(catalogue.knows(name)).as(name).isTrue());
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Path log = dir.resolve(command[0] + ".log");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = process.waitFor(5, TimeUnit.MINUTES);
    if (!done) {
      process.destroyForcibly();
    }
    assertThat(done && process.exitValue() == 0)
        .as("%s failed:%n%s", String.join(" ", command), Files.readString(log))
        .isTrue();
  }

  private static String sha256(Path file) throws IOException, java.security.NoSuchAlgorithmException {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && Stream.of(path.split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Paths.get(dir, program)));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
