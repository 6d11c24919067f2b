package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The JSON Schema shipped in cuj-core's jar ({@value #SCHEMA}) — what an IDE completes and checks
 * a catalogue with — validated by a real JSON-Schema validator against every catalogue in the
 * repository, and held to the same verdict as the library's own reader.
 */
class CatalogueSchemaTest {

  static final String SCHEMA = "META-INF/cuj/catalogue.schema.json";
  /** First lines of a fixture that is broken on purpose: schema and reader must both refuse it. */
  static final String INVALID_ON_PURPOSE = "# invalid on purpose";
  private static final Pattern SCHEMA_LINE =
      Pattern.compile("^# yaml-language-server: \\$schema=(\\S+)", Pattern.MULTILINE);
  private static final Set<String> SKIPPED_DIRECTORIES =
      Set.of(".git", "target", "node_modules", ".mvn", ".idea");

  private static final JsonSchema schema = loadSchema();

  private static JsonSchema loadSchema() {
    try (InputStream in = CatalogueSchemaTest.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      assertThat(in).as("the schema is on cuj-core's class path at " + SCHEMA).isNotNull();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<ValidationMessage> validate(String yaml) {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(new StringReader(yaml));
    JsonNode node = new ObjectMapper().valueToTree(document);
    return schema.validate(node);
  }

  /** Every YAML or JSON file in the repository whose top level has {@code journeys}. */
  static List<Path> cataloguesInRepository() throws IOException {
    Path root = repositoryRoot();
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
        return SKIPPED_DIRECTORIES.contains(dir.getFileName().toString()) && !dir.equals(root)
            ? java.nio.file.FileVisitResult.SKIP_SUBTREE
            : java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a)
          throws IOException {
        String name = file.getFileName().toString();
        if ((name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) && isCatalogue(file)) {
          found.add(file);
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
    return found;
  }

  private static boolean isCatalogue(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (SCHEMA_LINE.matcher(text).find() && text.contains("catalogue.schema.json")) {
      return true;
    }
    try {
      Iterable<Object> documents = new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text);
      for (Object document : documents) {
        if (document instanceof Map<?, ?> map && map.containsKey("journeys")) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException notYaml) {
      // Templates (Helm, Grafana) that are not plain YAML are not catalogues.
      return false;
    }
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("cuj-core")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  @Test
  void everyCatalogueInTheRepositoryMatchesTheSchemaAndLoads() throws IOException {
    Path root = repositoryRoot();
    List<Path> catalogues = cataloguesInRepository();

    // The walk must find the catalogues we know of, or it proves nothing.
    assertThat(catalogues).extracting(p -> root.relativize(p).toString().replace('\\', '/'))
        .contains(
            "reference-app/src/main/resources/cuj/journeys.yaml",
            "cuj-core/src/test/resources/catalogues/shop.yaml",
            "cuj-core/src/test/resources/catalogues/shop-v2.yaml",
            "cuj-micronaut/src/test/resources/cuj/test-journeys.yaml",
            "cuj-archunit/src/test/resources/cuj/journeys.yaml");
    List<String> problems = new ArrayList<>();
    for (Path file : catalogues) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String where = root.relativize(file).toString();
      Set<ValidationMessage> schemaErrors = validate(text);
      String readerError = readerError(file, text);
      if (text.startsWith(INVALID_ON_PURPOSE)) {
        if (schemaErrors.isEmpty() || readerError == null) {
          problems.add(where + ": marked '" + INVALID_ON_PURPOSE + "' but schema errors=" + schemaErrors
              + ", reader error=" + readerError);
        }
      } else {
        schemaErrors.forEach(e -> problems.add(where + ": schema: " + e.getMessage()));
        if (readerError != null) {
          problems.add(where + ": reader: " + readerError);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theSchemaLineOfEveryCatalogueLeadsToTheShippedSchema() throws IOException {
    Path shipped = repositoryRoot().resolve("cuj-core/src/main/resources").resolve(SCHEMA);
    int lines = 0;
    for (Path file : cataloguesInRepository()) {
      Matcher m = SCHEMA_LINE.matcher(Files.readString(file, StandardCharsets.UTF_8));
      if (m.find() && !m.group(1).startsWith("http")) {
        lines++;
        Path target = file.getParent().resolve(m.group(1)).normalize();
        assertThat(target).as("$schema of " + file).exists();
        assertThat(Files.isSameFile(target, shipped)).as("$schema of " + file + " is " + shipped).isTrue();
      }
    }
    assertThat(lines).as("catalogues with a relative schema line").isGreaterThanOrEqualTo(3);
  }

  private static String readerError(Path file, String text) {
    try (Reader reader = new StringReader(text)) {
      JourneyCatalogue.load(reader, file.toString());
      return null;
    } catch (InvalidCatalogueException | IOException e) {
      return e.getMessage();
    }
  }

  /** The schema and the reader agree, so what the IDE accepts is what the service accepts. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "v1 minimal              | true  | {version: 1, journeys: [{name: checkout}]}",
    "no version is v1        | true  | {journeys: [{name: checkout, critical: false}]}",
    "v2 everything           | true  | {version: 2, journeys: [{name: checkout, runbook: 'https://r.example.com/c', expected: {exceptions: [com.example.OutOfStockException], statuses: [404, 409]}, slo: {availability: 99.9, window: 30d, latency: [{percentile: 95, threshold: 500ms}], browser: {percentile: 95, threshold: 2s}}}]}",
    "v3 unknown keys         | true  | {version: 3, teams: [x], journeys: [{name: checkout, selectors: [a], slo: {availability: 99, burn: fast}}]}",
    "v1 with expected        | false | {version: 1, journeys: [{name: checkout, expected: {statuses: [404]}}]}",
    "v1 with runbook         | false | {version: 1, journeys: [{name: checkout, runbook: 'https://r.example.com'}]}",
    "v1 with browser         | false | {version: 1, journeys: [{name: a, slo: {availability: 99, browser: {percentile: 95, threshold: 2s}}}]}",
    "v2 typo                 | false | {version: 2, journeys: [{name: checkout, expectd: {}}]}",
    "v2 top-level typo       | false | {version: 2, jouneys: [], journeys: []}",
    "v2 latency typo         | false | {version: 2, journeys: [{name: a, slo: {availability: 99, latency: [{percentile: 95, treshold: 1s}]}}]}",
    "status 200              | false | {version: 2, journeys: [{name: a, expected: {statuses: [200]}}]}",
    "status 600              | false | {version: 2, journeys: [{name: a, expected: {statuses: [600]}}]}",
    "simple class name       | false | {version: 2, journeys: [{name: a, expected: {exceptions: [OutOfStock]}}]}",
    "runbook not a URL       | false | {version: 2, journeys: [{name: a, runbook: wiki page}]}",
    "bad name                | false | {version: 2, journeys: [{name: Checkout}]}",
    "availability 100        | false | {version: 2, journeys: [{name: a, slo: {availability: 100}}]}",
    "bad window              | false | {version: 2, journeys: [{name: a, slo: {availability: 99, window: month}}]}",
    "browser w/o threshold   | false | {version: 2, journeys: [{name: a, slo: {availability: 99, browser: {percentile: 95}}}]}",
    "version as text         | false | {version: two, journeys: []}",
    "no journeys             | false | {version: 2}",
  })
  void schemaAndReaderAgree(String what, boolean valid, String yaml) {
    Set<ValidationMessage> errors = validate(yaml);
    if (valid) {
      assertThat(errors).as("schema errors").isEmpty();
      assertThatCode(() -> JourneyCatalogue.load(new StringReader(yaml), "journeys.yaml")).doesNotThrowAnyException();
    } else {
      assertThat(errors).as("schema errors").isNotEmpty();
      assertThatThrownBy(() -> JourneyCatalogue.load(new StringReader(yaml), "journeys.yaml"))
          .isInstanceOf(InvalidCatalogueException.class);
    }
  }

  @Test
  void theSchemaIsValidDraft07WithDescriptionsForCompletion() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(SCHEMA)) {
      JsonNode node = new ObjectMapper().readTree(in);
      assertThat(node.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
      JsonNode metaSchemaErrorsInput = node;
      Set<ValidationMessage> meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
          .getSchema(java.net.URI.create("http://json-schema.org/draft-07/schema#"))
          .validate(metaSchemaErrorsInput);
      assertThat(meta).isEmpty();
      assertThat(node.at("/definitions/journey/properties/expected/description").asText()).contains("Version 2");
    }
  }

}
