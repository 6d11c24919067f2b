package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyName;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journeys a service knows. The catalogue is the trust anchor: a journey name that arrives in
 * baggage from another process is accepted only if the catalogue knows it, unless the catalogue
 * is {@linkplain #isOpen() open} by explicit choice.
 *
 * <p>Built in code:
 *
 * <pre>{@code
 * JourneyCatalogue catalogue = JourneyCatalogue.builder()
 *     .add(JourneyDefinition.of("checkout"))
 *     .add(JourneyDefinition.builder("product-discovery").critical(false).build())
 *     .build();
 * }</pre>
 *
 * <p>or loaded from the YAML (or JSON) file that dashboards and alert rules are generated from;
 * the format is documented in {@code cuj-core/README.md}:
 *
 * <pre>{@code
 * JourneyCatalogue catalogue = JourneyCatalogue.load(Path.of("journeys.yaml"));
 * JourneyCatalogue fromJar = JourneyCatalogue.loadResource("cuj/journeys.yaml");
 * }</pre>
 */
public final class JourneyCatalogue {

  /** The newest catalogue file format version this library reads. */
  public static final int LATEST_VERSION = CatalogueReader.LATEST_VERSION;

  private static final JourneyCatalogue OPEN = new JourneyCatalogue(Map.of(), true, LATEST_VERSION, List.of());

  private final Map<String, JourneyDefinition> journeys;
  private final boolean open;
  private final int version;
  private final List<String> warnings;

  private JourneyCatalogue(Map<String, JourneyDefinition> journeys, boolean open, int version,
      List<String> warnings) {
    this.journeys = journeys;
    this.open = open;
    this.version = version;
    this.warnings = warnings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A closed catalogue holding exactly these journeys. */
  public static JourneyCatalogue of(JourneyDefinition... journeys) {
    Builder b = builder();
    for (JourneyDefinition j : journeys) {
      b.add(j);
    }
    return b.build();
  }

  /**
   * An empty catalogue that accepts any well-formed journey name from incoming baggage. Use only
   * where every caller is trusted: with an open catalogue an attacker-chosen (but well-formed)
   * name can become a metric label.
   */
  public static JourneyCatalogue open() {
    return OPEN;
  }

  /**
   * Loads a catalogue file.
   *
   * @throws InvalidCatalogueException naming the file, the journey and the problem
   * @throws UncheckedIOException if the file cannot be read
   */
  public static JourneyCatalogue load(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return load(reader, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journey catalogue " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads a catalogue from the class path (e.g. {@code "cuj/journeys.yaml"}).
   *
   * @throws InvalidCatalogueException if the resource is missing or invalid
   */
  public static JourneyCatalogue loadResource(String resource) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = JourneyCatalogue.class.getClassLoader();
    }
    String path = resource.startsWith("/") ? resource.substring(1) : resource;
    InputStream in = loader.getResourceAsStream(path);
    if (in == null) {
      throw new InvalidCatalogueException("classpath:" + path, "no such resource on the class path", null);
    }
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return load(reader, "classpath:" + path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journey catalogue classpath:" + path, e);
    }
  }

  /**
   * Loads a catalogue from a reader; {@code source} names it in error messages.
   *
   * @throws InvalidCatalogueException naming {@code source}, the journey and the problem
   */
  public static JourneyCatalogue load(Reader reader, String source) {
    return CatalogueReader.read(reader, source);
  }

  /** The journey with this name, if the catalogue knows it. Never throws. */
  public Optional<JourneyDefinition> find(String name) {
    return Optional.ofNullable(name == null ? null : journeys.get(name));
  }

  /** The journey with this name, or {@code null}; the allocation-free form of {@link #find}. */
  JourneyDefinition get(String name) {
    return journeys.get(name);
  }

  /** Whether this catalogue lists the name. An open catalogue lists nothing but accepts more. */
  public boolean knows(String name) {
    return name != null && journeys.containsKey(name);
  }

  /**
   * Whether a name arriving from another process may be used: listed here, or well-formed when
   * the catalogue is open.
   */
  public boolean accepts(String name) {
    return knows(name) || (open && JourneyName.isValid(name));
  }

  /** The journeys, in the order they were declared. */
  public Collection<JourneyDefinition> journeys() {
    return journeys.values();
  }

  public boolean isOpen() {
    return open;
  }

  /** The format version of the file this catalogue was read from; {@link #LATEST_VERSION} if built in code. */
  public int version() {
    return version;
  }

  /**
   * What loading ignored: each key of a newer format version this library does not know, with the
   * file and where in it (already logged as a WARNING when the file was read). Empty for a file
   * of a version this library knows, where an unknown key is an error.
   */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "JourneyCatalogue" + journeys.keySet() + (open ? " (open)" : "");
  }

  /** Collects journeys; duplicate names are rejected. */
  public static final class Builder {
    private final Map<String, JourneyDefinition> journeys = new LinkedHashMap<>();
    private boolean open;
    private int version = LATEST_VERSION;
    private List<String> warnings = List.of();

    private Builder() {}

    /** @throws IllegalArgumentException if a journey with that name was added already */
    public Builder add(JourneyDefinition journey) {
      if (journeys.putIfAbsent(journey.name(), journey) != null) {
        throw new IllegalArgumentException("journey '" + journey.name() + "' is declared twice");
      }
      return this;
    }

    /** Replaces the journey of the same name (e.g. to add expected outcomes to a loaded one). */
    public Builder replace(JourneyDefinition journey) {
      journeys.put(journey.name(), journey);
      return this;
    }

    /** Also accept well-formed names this catalogue does not list (see {@link JourneyCatalogue#open()}). */
    public Builder open(boolean open) {
      this.open = open;
      return this;
    }

    public Builder addAll(JourneyCatalogue other) {
      other.journeys().forEach(this::add);
      return this;
    }

    Builder version(int version) {
      this.version = version;
      return this;
    }

    Builder warnings(List<String> warnings) {
      this.warnings = List.copyOf(warnings);
      return this;
    }

    public JourneyCatalogue build() {
      return new JourneyCatalogue(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(journeys)), open,
          version, warnings);
    }
  }
}
