package com.techmart.cuj.infrastructure;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Loads YAML safely and walks the maps and lists it yields. */
final class Yamls {

  private Yamls() {}

  /** Every document of a (multi-document) YAML file; empty documents are dropped. */
  static List<Object> loadAll(Path file) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Object> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object document : yaml.loadAll(reader)) {
        if (document != null) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /** The single document of a YAML file. */
  static Map<String, Object> load(Path file) {
    List<Object> documents = loadAll(file);
    if (documents.size() != 1 || !(documents.get(0) instanceof Map)) {
      throw new IllegalStateException(file + ": expected exactly one YAML mapping");
    }
    return asMap(documents.get(0));
  }

  /** The value at a path of map keys, or null when any step is missing. */
  static Object at(Object root, String... path) {
    Object current = root;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  static Map<String, Object> map(Object root, String... path) {
    Object value = at(root, path);
    return value == null ? Map.of() : asMap(value);
  }

  static List<Object> list(Object root, String... path) {
    Object value = at(root, path);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalStateException(String.join(".", path) + " is not a list: " + value);
    }
    return new ArrayList<>(list);
  }

  static String string(Object root, String... path) {
    Object value = at(root, path);
    return value == null ? null : String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    if (!(value instanceof Map)) {
      throw new IllegalStateException("not a mapping: " + value);
    }
    return (Map<String, Object>) value;
  }
}
