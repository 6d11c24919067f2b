package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyName;
import com.techmart.cuj.internal.RouteTemplate;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One journey: its validated name, whether it is critical, what it promises (its SLO) and which
 * exception types are expected business outcomes rather than failures.
 *
 * <pre>{@code
 * JourneyDefinition checkout = JourneyDefinition.builder("checkout")
 *     .description("A shopper buys what is in the basket")
 *     .expectedOutcome(OutOfStockException.class)   // recorded on the span, not an error
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and safe to share; build them once, not per request.
 */
public final class JourneyDefinition {

  private final String name;
  private final String spanName;
  private final boolean critical;
  private final String description;
  private final List<String> routes;
  private final ServiceLevelObjective slo;
  private final boolean deepDive;
  private final Set<Class<? extends Throwable>> expectedOutcomes;
  // Everything declared as expected, from the catalogue and from code, by class name.
  private final ExpectedOutcomes expected;
  private final URI runbook;
  // Built once here so that running a journey allocates none of them.
  private final ActiveJourney active;
  private final Attributes attributes;
  private final Baggage baggage;

  private JourneyDefinition(Builder b) {
    this.name = b.name;
    this.spanName = "cuj." + b.name;
    this.critical = b.critical;
    this.description = b.description;
    this.routes = List.copyOf(b.routes);
    this.slo = b.slo;
    this.deepDive = b.deepDive;
    this.expectedOutcomes = Set.copyOf(b.expectedOutcomes);
    List<String> codeNames = new ArrayList<>();
    b.expectedOutcomes.forEach(type -> codeNames.add(type.getName()));
    this.expected = b.expected.plus(ExpectedOutcomes.of(codeNames, List.of()));
    this.runbook = b.runbook;
    this.active = new ActiveJourney(name, critical);
    this.attributes = Attributes.of(
        JourneyAttributes.CUJ_NAME, name, JourneyAttributes.CUJ_CRITICAL, critical);
    this.baggage = JourneyContext.withJourney(Baggage.empty(), active);
  }

  ActiveJourney active() {
    return active;
  }

  /** {@code cuj.name} and {@code cuj.critical} of this journey. */
  Attributes attributes() {
    return attributes;
  }

  /** Baggage holding only this journey's {@code cuj.name} and {@code cuj.critical}. */
  Baggage baggage() {
    return baggage;
  }

  /**
   * Starts a definition.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid journey name
   */
  public static Builder builder(String name) {
    return new Builder(JourneyName.validate(name));
  }

  /** A critical journey with this name and nothing else declared. */
  public static JourneyDefinition of(String name) {
    return builder(name).build();
  }

  public String name() {
    return name;
  }

  /** The name of the journey's own span: {@code cuj.<name>}. */
  public String spanName() {
    return spanName;
  }

  public boolean critical() {
    return critical;
  }

  public String description() {
    return description;
  }

  /** Routes that trigger this journey, as {@code "METHOD /path/{template}"}; may be empty. */
  public List<String> routes() {
    return routes;
  }

  public Optional<ServiceLevelObjective> slo() {
    return Optional.ofNullable(slo);
  }

  /** Whether dashboard generation should give this journey a deep-dive dashboard of its own. */
  public boolean deepDive() {
    return deepDive;
  }

  /** The exception types declared expected in code ({@link Builder#expectedOutcome(Class)}). */
  public Set<Class<? extends Throwable>> expectedOutcomes() {
    return expectedOutcomes;
  }

  /**
   * Everything declared expected for this journey, in the catalogue ({@code expected:}) and in
   * code: exception class names and HTTP statuses.
   */
  public ExpectedOutcomes expected() {
    return expected;
  }

  /**
   * Whether {@code error} is one of the declared expected outcomes (or a subtype of one), declared
   * in code or in the catalogue. The one lookup every way of ending a journey consults.
   */
  public boolean isExpectedOutcome(Throwable error) {
    if (error == null || expected.exceptions().isEmpty()) {
      return false;
    }
    for (Class<? extends Throwable> type : expectedOutcomes) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return expected.matches(error);
  }

  /**
   * Whether an HTTP handler journey answered with {@code status} ends as an expected outcome
   * ({@code cuj.outcome.type=http.<status>}) because the catalogue lists the status.
   */
  public boolean isExpectedStatus(int status) {
    return expected.matchesStatus(status);
  }

  /** Where on-call finds what to do when this journey's objectives are at risk; alerts link it. */
  public Optional<URI> runbook() {
    return Optional.ofNullable(runbook);
  }

  /** A builder holding this definition's values, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder(name)
        .critical(critical)
        .description(description)
        .slo(slo)
        .deepDive(deepDive);
    routes.forEach(b::route);
    expectedOutcomes.forEach(b::expectedOutcome);
    b.expected = b.expected.plus(expected);
    b.runbook = runbook;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof JourneyDefinition)) {
      return false;
    }
    JourneyDefinition that = (JourneyDefinition) o;
    return critical == that.critical
        && deepDive == that.deepDive
        && name.equals(that.name)
        && description.equals(that.description)
        && routes.equals(that.routes)
        && Objects.equals(slo, that.slo)
        && expectedOutcomes.equals(that.expectedOutcomes)
        && expected.equals(that.expected)
        && Objects.equals(runbook, that.runbook);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, critical, description, routes, slo, deepDive, expectedOutcomes, expected, runbook);
  }

  @Override
  public String toString() {
    return "JourneyDefinition{" + name + (critical ? ", critical" : "") + "}";
  }

  /** Builds a {@link JourneyDefinition}; every setter validates at once. */
  public static final class Builder {
    private final String name;
    private boolean critical = true;
    private String description = "";
    private final List<String> routes = new ArrayList<>();
    private ServiceLevelObjective slo;
    private boolean deepDive;
    private final Set<Class<? extends Throwable>> expectedOutcomes = new LinkedHashSet<>();
    private ExpectedOutcomes expected = ExpectedOutcomes.none();
    private URI runbook;

    private Builder(String name) {
      this.name = name;
    }

    /** Critical journeys are the ones an SLO pages for; {@code true} unless said otherwise. */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    public Builder description(String description) {
      this.description = description == null ? "" : description;
      return this;
    }

    /**
     * Declares a route that triggers this journey, e.g. {@code "GET /api/orders/{id}"}.
     *
     * @throws IllegalArgumentException if the route is not {@code METHOD /path}
     */
    public Builder route(String route) {
      routes.add(RouteTemplate.parse(route).toString());
      return this;
    }

    public Builder slo(ServiceLevelObjective slo) {
      this.slo = slo;
      return this;
    }

    public Builder deepDive(boolean deepDive) {
      this.deepDive = deepDive;
      return this;
    }

    /**
     * Declares an exception type that is an expected business outcome (for example out of
     * stock): it is recorded on the journey span with {@code cuj.outcome=expected} but does not
     * set the span status to ERROR, so it does not burn the error budget.
     */
    public Builder expectedOutcome(Class<? extends Throwable> type) {
      expectedOutcomes.add(Objects.requireNonNull(type, "type"));
      return this;
    }

    /**
     * Adds expected outcomes declared by name (as the catalogue does): exception class names,
     * subclasses included, and HTTP statuses of HTTP handler journeys.
     */
    public Builder expected(ExpectedOutcomes more) {
      expected = expected.plus(Objects.requireNonNull(more, "expected"));
      return this;
    }

    /**
     * The journey's runbook, an absolute {@code http(s)} URL.
     *
     * @throws IllegalArgumentException if {@code url} is not one
     */
    public Builder runbook(String url) {
      if (url == null) {
        this.runbook = null;
        return this;
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null
          || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
        throw new IllegalArgumentException("runbook '" + JourneyName.printable(url)
            + "' is not an absolute http(s) URL such as https://runbooks.example.com/checkout");
      }
      this.runbook = uri;
      return this;
    }

    public JourneyDefinition build() {
      return new JourneyDefinition(this);
    }
  }
}
