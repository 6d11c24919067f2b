package com.techmart.cuj.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where each Secret the manifests reference comes from: a committed template (values left as
 * ${VARIABLES}) or an {@code apply_secret namespace name "key=..."} call in a setup script.
 */
final class SecretSources {

  private static final Pattern APPLY_SECRET =
      Pattern.compile("apply_secret\\s+(\\S+)\\s+(\\S+)((?:\\s+\"[A-Za-z0-9._-]+=[^\"]*\")+)");
  private static final Pattern KEY = Pattern.compile("\"([A-Za-z0-9._-]+)=");

  private SecretSources() {}

  /** "namespace/name" -> keys, from templates and scripts. */
  static Map<String, Set<String>> providedSecrets() {
    Map<String, Set<String>> secrets = new LinkedHashMap<>();
    for (Infrastructure.K8sObject object : Infrastructure.objects()) {
      if ("Secret".equals(object.kind())) {
        secrets.computeIfAbsent(object.namespace() + "/" + object.name(), k -> new LinkedHashSet<>())
            .addAll(Yamls.map(object.body(), "stringData").keySet());
      }
    }
    scriptSecrets().forEach((name, keys) -> secrets.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(keys));
    return secrets;
  }

  /** "namespace/name" -> keys of the Secrets the setup scripts create. */
  static Map<String, Set<String>> scriptSecrets() {
    Map<String, Set<String>> secrets = new LinkedHashMap<>();
    try (Stream<Path> scripts = Files.list(Infrastructure.file("scripts"))) {
      for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).sorted().toList()) {
        String text = Files.readString(script).replace("\\\n", " ");
        Matcher call = APPLY_SECRET.matcher(text);
        while (call.find()) {
          Set<String> keys = secrets.computeIfAbsent(call.group(1) + "/" + call.group(2), k -> new LinkedHashSet<>());
          Matcher key = KEY.matcher(call.group(3));
          while (key.find()) {
            keys.add(key.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return secrets;
  }
}
