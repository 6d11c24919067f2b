package com.techmart.cuj.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.techmart.cuj.JourneyCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed dashboards and rules are exactly what the generator makes from the reference catalogue. */
class GeneratedFilesAreFreshTest {

  @Test
  void committedFilesMatchARegenerationByteForByte(@TempDir Path out) throws IOException {
    Path catalogue = ModuleFiles.referenceCatalogue();
    List<Generator.GeneratedFile> files = new Generator(ModuleFiles.referenceOptions())
        .generate(JourneyCatalogue.load(catalogue), catalogue.getFileName().toString());
    Generator.write(files, out);

    for (String dir : List.of(Generator.DASHBOARDS, Generator.RULES)) {
      TreeSet<String> expected = names(out.resolve(dir));
      TreeSet<String> committed = names(ModuleFiles.moduleDir().resolve(dir));
      if (!expected.equals(committed)) {
        fail("grafana/" + dir + " holds " + committed + " but the catalogue generates " + expected + ".\n" + howToFix());
      }
      for (String name : expected) {
        String fresh = Files.readString(out.resolve(dir).resolve(name), StandardCharsets.UTF_8);
        String current = Files.readString(ModuleFiles.moduleDir().resolve(dir).resolve(name), StandardCharsets.UTF_8);
        if (!fresh.equals(current)) {
          fail("grafana/" + dir + "/" + name + " is stale: " + firstDifference(current, fresh) + "\n" + howToFix());
        }
      }
    }
  }

  @Test
  void generatingTwiceGivesTheSameBytes(@TempDir Path first, @TempDir Path second) throws IOException {
    Path catalogue = ModuleFiles.referenceCatalogue();
    Generator generator = new Generator(ModuleFiles.referenceOptions());
    Generator.write(generator.generate(JourneyCatalogue.load(catalogue), "journeys.yaml"), first);
    Generator.write(generator.generate(JourneyCatalogue.load(catalogue), "journeys.yaml"), second);
    for (String dir : List.of(Generator.DASHBOARDS, Generator.RULES)) {
      for (String name : names(first.resolve(dir))) {
        assertThat(second.resolve(dir).resolve(name)).hasSameBinaryContentAs(first.resolve(dir).resolve(name));
      }
    }
  }

  private static String howToFix() {
    return "Regenerate from " + "reference-app/src/main/resources/cuj/journeys.yaml and commit the result:\n  "
        + ModuleFiles.REGENERATE;
  }

  private static TreeSet<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return new TreeSet<>();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  private static String firstDifference(String committed, String fresh) {
    String[] a = committed.split("\n", -1);
    String[] b = fresh.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String left = i < a.length ? a[i] : "<end of file>";
      String right = i < b.length ? b[i] : "<end of file>";
      if (!left.equals(right)) {
        return "line " + (i + 1) + "\n  committed: " + left + "\n  generated: " + right;
      }
    }
    return "they differ in line endings";
  }
}
