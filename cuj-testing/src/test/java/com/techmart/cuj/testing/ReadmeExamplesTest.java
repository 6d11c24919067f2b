package com.techmart.cuj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each adapter README leads with the code of its example under {@code examples/} (issue 19): every
 * line of the README's first Java block, but for comments and elisions, stands in the example's
 * sources, so a README cannot drift from code that is built and tested against the installed artifacts.
 */
class ReadmeExamplesTest {

  @ParameterizedTest(name = "{0} leads with {1}")
  @CsvSource({
      "cuj-micronaut, micronaut-service",
      "cuj-servlet, servlet-app",
      "cuj-jdbc, servlet-app",
      "cuj-testing, servlet-app"})
  void theFirstJavaExampleIsTheExamplesCode(String module, String example) throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    String readme = Files.readString(root.resolve(module).resolve("README.md"));
    int start = readme.indexOf("```java\n");
    assertThat(start).as("%s/README.md has a Java example", module).isNotNegative();
    String block = readme.substring(start + 8, readme.indexOf("```", start + 8));
    String sources;
    try (Stream<Path> files = Files.walk(root.resolve("examples").resolve(example).resolve("src"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).map(ReadmeExamplesTest::read)
          .flatMap(String::lines).map(ReadmeExamplesTest::code).collect(Collectors.joining("\n"));
    }
    List<String> lines = block.lines().map(ReadmeExamplesTest::code)
        .filter(l -> !l.isEmpty() && !l.startsWith("//") && !l.contains("...")).toList();
    assertThat(lines).as("%s/README.md's first Java example", module).isNotEmpty();
    assertThat(lines).allSatisfy(line -> assertThat(sources)
        .as("%s/README.md line not in examples/%s", module, example).contains(line));
  }

  /** A line without its trailing comment and surrounding white space. */
  private static String code(String line) {
    int comment = line.indexOf("  //");
    return (comment >= 0 ? line.substring(0, comment) : line).strip();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
