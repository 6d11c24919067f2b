package com.techmart.cuj.infrastructure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A component's documented configuration fields (a test resource, see
 * {@code spanmetrics-connector-fields.yaml}) and the check of a configuration against them.
 */
final class DocumentedFields {

  private static final Pattern DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");

  private final Map<String, Object> document;

  private DocumentedFields(Map<String, Object> document) {
    this.document = document;
  }

  /** Whether the test resource {@code name} exists. */
  static boolean exists(String name) {
    return DocumentedFields.class.getResource("/" + name) != null;
  }

  static DocumentedFields resource(String name) {
    try (InputStream in = DocumentedFields.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new DocumentedFields(Yamls.asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(in)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String version() {
    return Yamls.string(document, "version");
  }

  String type() {
    return Yamls.string(document, "type");
  }

  List<String> builtInDimensions() {
    return Yamls.list(document, "built-in-dimensions").stream().map(String::valueOf).toList();
  }

  /** Every field of the configuration that is not documented, or whose value has the wrong type. */
  List<String> problems(Map<String, Object> config) {
    List<String> problems = new ArrayList<>();
    check("", config, Yamls.map(document, "fields"), problems);
    return problems;
  }

  private static void check(String path, Object value, Object schema, List<String> problems) {
    if (schema instanceof Map<?, ?> fields) {
      if (!(value instanceof Map<?, ?> map)) {
        problems.add(path + ": expected an object, found " + value);
        return;
      }
      map.forEach((key, child) -> {
        String childPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
        if (!fields.containsKey(key)) {
          problems.add(childPath + ": not a documented field");
        } else {
          check(childPath, child, fields.get(key), problems);
        }
      });
    } else if (schema instanceof List<?> items) {
      if (!(value instanceof List<?> list)) {
        problems.add(path + ": expected a list, found " + value);
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        check(path + "[" + i + "]", list.get(i), items.get(0), problems);
      }
    } else {
      String type = String.valueOf(schema);
      if (!hasType(value, type)) {
        problems.add(path + ": expected " + type + ", found '" + value + "'");
      }
    }
  }

  private static boolean hasType(Object value, String type) {
    if (type.startsWith("enum(")) {
      return List.of(type.substring(5, type.length() - 1).split("\\|")).contains(String.valueOf(value));
    }
    return switch (type) {
      case "string" -> value instanceof String;
      case "int" -> value instanceof Integer || value instanceof Long;
      case "bool" -> value instanceof Boolean;
      // A Go float64 decodes a YAML int or float.
      case "float" -> value instanceof Integer || value instanceof Long || value instanceof Double;
      case "duration" -> value instanceof String s && DURATION.matcher(s).matches();
      default -> throw new IllegalStateException("unknown field type in the documented set: " + type);
    };
  }
}
