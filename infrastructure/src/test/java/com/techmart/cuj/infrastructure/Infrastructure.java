package com.techmart.cuj.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** The files of the infrastructure module, and the Kubernetes objects its manifests declare. */
final class Infrastructure {

  /** Folders that hold Kubernetes manifests (helm/ holds chart values, kind/ the cluster). */
  static final List<String> MANIFEST_FOLDERS = List.of("k8s");

  private Infrastructure() {}

  /** The module folder: set by the build, or the working directory when run from an IDE. */
  static Path dir() {
    String configured = System.getProperty("infrastructure.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("k8s")) && Files.isDirectory(dir.resolve("infrastructure/k8s"))) {
      dir = dir.resolve("infrastructure");
    }
    if (!Files.isDirectory(dir.resolve("k8s"))) {
      throw new IllegalStateException("cannot find the infrastructure module from " + dir);
    }
    return dir.toAbsolutePath().normalize();
  }

  static Path repositoryRoot() {
    return dir().getParent();
  }

  static Path file(String relative) {
    return dir().resolve(relative);
  }

  /** Every YAML file of the module outside src/ and target/. */
  static List<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(dir())) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !dir().relativize(p).startsWith("src") && !dir().relativize(p).startsWith("target"))
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every object of every manifest under k8s/, in file order. */
  static List<K8sObject> objects() {
    List<K8sObject> objects = new ArrayList<>();
    for (Path file : yamlFiles()) {
      if (MANIFEST_FOLDERS.stream().noneMatch(folder -> dir().relativize(file).startsWith(folder))) {
        continue;
      }
      for (Object document : Yamls.loadAll(file)) {
        objects.add(new K8sObject(dir().relativize(file), Yamls.asMap(document)));
      }
    }
    return objects;
  }

  /** Objects of the default (single-collector) deployment: k8s/ without the scaled variant. */
  static List<K8sObject> defaultDeployment() {
    return objects().stream().filter(o -> !o.file().startsWith("k8s/scaled")).toList();
  }

  static List<K8sObject> objectsIn(String folder) {
    return objects().stream().filter(o -> o.file().startsWith(folder)).toList();
  }

  static K8sObject only(List<K8sObject> objects, String kind, String name) {
    List<K8sObject> found = objects.stream()
        .filter(o -> kind.equals(o.kind()) && name.equals(o.name()))
        .toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size());
    }
    return found.get(0);
  }

  /** One Kubernetes object from a manifest file. */
  record K8sObject(Path file, Map<String, Object> body) {

    String kind() {
      return Yamls.string(body, "kind");
    }

    String apiVersion() {
      return Yamls.string(body, "apiVersion");
    }

    String name() {
      return Yamls.string(body, "metadata", "name");
    }

    String namespace() {
      return Yamls.string(body, "metadata", "namespace");
    }

    Object at(String... path) {
      return Yamls.at(body, path);
    }

    /** The pod template of a workload, if this is one. */
    Optional<Map<String, Object>> podTemplate() {
      return switch (Objects.requireNonNullElse(kind(), "")) {
        case "Deployment", "StatefulSet", "DaemonSet", "Job" -> Optional.of(Yamls.map(body, "spec", "template"));
        default -> Optional.empty();
      };
    }

    List<Map<String, Object>> containers() {
      return podTemplate()
          .map(t -> Yamls.list(t, "spec", "containers").stream().map(Yamls::asMap).toList())
          .orElse(List.of());
    }

    @Override
    public String toString() {
      return kind() + " " + (namespace() == null ? "" : namespace() + "/") + name() + " (" + file + ")";
    }
  }
}
