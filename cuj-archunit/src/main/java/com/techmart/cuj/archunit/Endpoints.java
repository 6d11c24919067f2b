package com.techmart.cuj.archunit;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises state-changing HTTP endpoints of Micronaut, JAX-RS and Spring controllers by annotation
 * name, and works out their route ({@code "POST /api/orders"}) so a route mapped to a journey in
 * the catalogue counts as a journey.
 */
final class Endpoints {

  /** Annotation -> HTTP method, for the state-changing ones. */
  private static final Map<String, String> METHOD_ANNOTATIONS = Map.ofEntries(
      Map.entry("io.micronaut.http.annotation.Post", "POST"),
      Map.entry("io.micronaut.http.annotation.Put", "PUT"),
      Map.entry("io.micronaut.http.annotation.Patch", "PATCH"),
      Map.entry("io.micronaut.http.annotation.Delete", "DELETE"),
      Map.entry("jakarta.ws.rs.POST", "POST"),
      Map.entry("jakarta.ws.rs.PUT", "PUT"),
      Map.entry("jakarta.ws.rs.PATCH", "PATCH"),
      Map.entry("jakarta.ws.rs.DELETE", "DELETE"),
      Map.entry("org.springframework.web.bind.annotation.PostMapping", "POST"),
      Map.entry("org.springframework.web.bind.annotation.PutMapping", "PUT"),
      Map.entry("org.springframework.web.bind.annotation.PatchMapping", "PATCH"),
      Map.entry("org.springframework.web.bind.annotation.DeleteMapping", "DELETE"));

  private static final List<String> CLASS_PATHS = List.of(
      "io.micronaut.http.annotation.Controller",
      "jakarta.ws.rs.Path",
      "org.springframework.web.bind.annotation.RequestMapping");

  /** Declarative HTTP clients use the same method annotations but are calls out, not endpoints. */
  private static final List<String> CLIENT_ANNOTATIONS = List.of(
      "io.micronaut.http.client.annotation.Client",
      "org.eclipse.microprofile.rest.client.inject.RegisterRestClient",
      "org.springframework.cloud.openfeign.FeignClient",
      "org.springframework.web.service.annotation.HttpExchange");

  private Endpoints() {}

  /** The HTTP method if {@code method} is a state-changing endpoint (not a client call). */
  static Optional<String> stateChangingMethod(JavaMethod method) {
    JavaClass owner = method.getOwner();
    if (owner.isInterface() || CLIENT_ANNOTATIONS.stream().anyMatch(owner::isAnnotatedWith)) {
      return Optional.empty();
    }
    for (JavaAnnotation<JavaMethod> a : method.getAnnotations()) {
      String http = METHOD_ANNOTATIONS.get(a.getRawType().getName());
      if (http != null) {
        return Optional.of(http);
      }
    }
    return Optional.empty();
  }

  /** {@code "METHOD /class/method"} for an endpoint, as far as the annotations say. */
  static String route(JavaMethod method, String httpMethod) {
    String classPath = "";
    JavaClass owner = method.getOwner();
    for (String name : CLASS_PATHS) {
      Optional<? extends JavaAnnotation<?>> a = owner.tryGetAnnotationOfType(name);
      if (a.isPresent()) {
        classPath = path(a.get());
        break;
      }
    }
    String methodPath = "";
    for (JavaAnnotation<JavaMethod> a : method.getAnnotations()) {
      String type = a.getRawType().getName();
      if (METHOD_ANNOTATIONS.containsKey(type) || type.equals("jakarta.ws.rs.Path")) {
        String p = path(a);
        if (!p.isEmpty()) {
          methodPath = p;
        }
      }
    }
    String joined = (classPath + "/" + methodPath).replaceAll("/+", "/");
    if (joined.length() > 1 && joined.endsWith("/")) {
      joined = joined.substring(0, joined.length() - 1);
    }
    return httpMethod + " " + (joined.isEmpty() ? "/" : joined);
  }

  private static String path(JavaAnnotation<?> annotation) {
    for (String property : List.of("value", "uri", "path")) {
      Optional<Object> v = annotation.get(property);
      if (v.isPresent()) {
        Object value = v.get();
        if (value instanceof Object[] && ((Object[]) value).length > 0) {
          value = ((Object[]) value)[0];
        }
        if (value instanceof String && !((String) value).isEmpty()) {
          return (String) value;
        }
      }
    }
    return "";
  }
}
