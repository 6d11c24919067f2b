package com.techmart.cuj;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decides which journey, if any, incoming baggage may carry into this service. Baggage from another
 * process is untrusted input: an attacker can send {@code baggage: cuj.name=<anything>}. The policy
 * keeps such values out of span attributes and metric labels:
 *
 * <ul>
 *   <li>{@link TrustMode#KNOWN} (default): only names the catalogue lists;
 *   <li>{@link TrustMode#OPEN}: any well-formed name (kebab-case, at most 63 characters);
 *   <li>{@link TrustMode#NONE}: nothing; for edge services facing the internet.
 * </ul>
 *
 * <p>Every rejection is counted on the counter {@code cuj.baggage.rejected} with a low-cardinality
 * {@code reason} attribute (never the rejected value itself). For a known journey, the catalogue's
 * {@code critical} flag wins over whatever the caller sent.
 *
 * <pre>{@code
 * BaggageTrustPolicy policy = BaggageTrustPolicy.builder(catalogue).mode(TrustMode.KNOWN).build();
 * Context safe = policy.sanitize(extractedContext);   // rejected cuj.* entries are gone
 * }</pre>
 *
 * <p>Runtime methods never throw into the application.
 */
public final class BaggageTrustPolicy {

  /** Name of the rejection counter. */
  public static final String REJECTED_COUNTER = "cuj.baggage.rejected";

  static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  /** Why a value was rejected; the attribute values of {@link #REJECTED_COUNTER}. */
  public enum Rejection {
    /** The service accepts no journey from outside ({@link TrustMode#NONE}). */
    UNTRUSTED_SOURCE("untrusted_source"),
    /** Not a valid journey name: wrong characters, too long, empty. */
    MALFORMED_NAME("malformed_name"),
    /** Well-formed, but the catalogue does not list it. */
    UNKNOWN_NAME("unknown_name"),
    /** {@code cuj.critical} was neither {@code true} nor {@code false}. */
    MALFORMED_CRITICAL("malformed_critical");

    private final String label;
    private final Attributes attributes;

    Rejection(String label) {
      this.label = label;
      this.attributes = Attributes.of(REASON, label);
    }

    public String label() {
      return label;
    }
  }

  private final JourneyCatalogue catalogue;
  private final TrustMode mode;
  private final Supplier<OpenTelemetry> telemetry;
  private volatile LongCounter rejected;

  private BaggageTrustPolicy(Builder b) {
    this(b.catalogue, b.mode, b.telemetry);
  }

  private BaggageTrustPolicy(
      JourneyCatalogue catalogue, TrustMode mode, Supplier<OpenTelemetry> telemetry) {
    this.catalogue = catalogue;
    this.mode = mode;
    this.telemetry = telemetry;
  }

  /** The same policy with another mode, counting rejections on the same counter. */
  public BaggageTrustPolicy withMode(TrustMode newMode) {
    if (newMode == mode) {
      return this;
    }
    BaggageTrustPolicy other = new BaggageTrustPolicy(catalogue, Objects.requireNonNull(newMode), telemetry);
    other.rejected = rejected;
    return other;
  }

  public static Builder builder(JourneyCatalogue catalogue) {
    return new Builder(catalogue);
  }

  public JourneyCatalogue catalogue() {
    return catalogue;
  }

  public TrustMode mode() {
    return mode;
  }

  /**
   * The journey incoming {@code baggage} may carry, or {@code null}. Counts a rejection when the
   * baggage names a journey that is refused.
   */
  public ActiveJourney accept(Baggage baggage) {
    try {
      String name = baggage.getEntryValue(JourneyAttributes.BAGGAGE_NAME);
      String critical = baggage.getEntryValue(JourneyAttributes.BAGGAGE_CRITICAL);
      if (name == null) {
        if (critical != null) {
          count(mode == TrustMode.NONE ? Rejection.UNTRUSTED_SOURCE : Rejection.MALFORMED_NAME);
        }
        return null;
      }
      Rejection reason = judge(name);
      if (reason != null) {
        count(reason);
        return null;
      }
      JourneyDefinition known = catalogue.get(name);
      if (known != null) {
        return known.active();
      }
      if (critical != null && !critical.equals("true") && !critical.equals("false")) {
        count(Rejection.MALFORMED_CRITICAL);
      }
      return new ActiveJourney(name, JourneyContext.parseCritical(critical));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Returns {@code context} with its {@code cuj.*} baggage replaced by what this policy accepts:
   * a refused journey is removed (so it is neither stamped here nor sent further downstream), and
   * an accepted one is rewritten with the catalogue's {@code critical} flag and becomes the
   * context's journey ({@link Journeys#current(Context)}). Returns the same
   * instance when there is nothing to change. Other baggage entries are untouched.
   */
  public Context sanitize(Context context) {
    try {
      Baggage baggage = Baggage.fromContextOrNull(context);
      if (baggage == null || !hasJourneyEntries(baggage)) {
        return context;
      }
      ActiveJourney accepted = accept(baggage);
      if (accepted != null && isCanonical(baggage, accepted)) {
        // The usual case between our own services: nothing to rewrite, so no new baggage.
        return context.with(JourneyContext.KEY, accepted);
      }
      BaggageBuilder builder = baggage.toBuilder();
      baggage.forEach((key, entry) -> {
        if (key.startsWith(JourneyAttributes.BAGGAGE_PREFIX)) {
          builder.remove(key);
        }
      });
      if (accepted == null) {
        return context.with(builder.build());
      }
      builder.put(JourneyAttributes.BAGGAGE_NAME, accepted.name());
      builder.put(JourneyAttributes.BAGGAGE_CRITICAL, Boolean.toString(accepted.critical()));
      // Recorded as a verdict, so the span processor does not judge the name a second time
      // (its catalogue may be stricter than an OPEN ingress).
      return context.with(builder.build()).with(JourneyContext.KEY, accepted);
    } catch (RuntimeException e) {
      return context;
    }
  }

  /** Why {@code name} would be refused, or {@code null} if accepted. Does not count. */
  public Rejection judge(String name) {
    if (mode == TrustMode.NONE) {
      return Rejection.UNTRUSTED_SOURCE;
    }
    if (catalogue.knows(name)) {
      return null; // valid by construction; and the common case needs no pattern match
    }
    if (!JourneyName.isValid(name)) {
      return Rejection.MALFORMED_NAME;
    }
    return mode == TrustMode.OPEN || catalogue.isOpen() ? null : Rejection.UNKNOWN_NAME;
  }

  /** Whether {@code baggage}'s cuj.* entries are exactly what {@link #sanitize} would write. */
  private static boolean isCanonical(Baggage baggage, ActiveJourney journey) {
    return isPlain(baggage.getEntry(JourneyAttributes.BAGGAGE_NAME), journey.name())
        && isPlain(baggage.getEntry(JourneyAttributes.BAGGAGE_CRITICAL), Boolean.toString(journey.critical()))
        && journeyKeyCount(baggage) == 2;
  }

  private static boolean isPlain(BaggageEntry entry, String value) {
    return entry != null && entry.getValue().equals(value) && entry.getMetadata().getValue().isEmpty();
  }

  private static int journeyKeyCount(Baggage baggage) {
    int[] count = new int[1];
    baggage.forEach((key, entry) -> {
      if (key.startsWith(JourneyAttributes.BAGGAGE_PREFIX)) {
        count[0]++;
      }
    });
    return count[0];
  }

  private static boolean hasJourneyEntries(Baggage baggage) {
    return baggage.getEntryValue(JourneyAttributes.BAGGAGE_NAME) != null
        || baggage.getEntryValue(JourneyAttributes.BAGGAGE_CRITICAL) != null
        || anyJourneyKey(baggage);
  }

  private static boolean anyJourneyKey(Baggage baggage) {
    boolean[] found = new boolean[1];
    baggage.forEach((key, entry) -> found[0] |= key.startsWith(JourneyAttributes.BAGGAGE_PREFIX));
    return found[0];
  }

  private void count(Rejection reason) {
    LongCounter counter = rejected;
    if (counter == null) {
      OpenTelemetry openTelemetry = telemetry.get();
      if (openTelemetry == null) {
        return; // no SDK registered yet, and asking GlobalOpenTelemetry now would disable it for good
      }
      counter = openTelemetry
          .getMeter("com.techmart.cuj")
          .counterBuilder(REJECTED_COUNTER)
          .setUnit("{entry}")
          .setDescription("Incoming cuj.* baggage values refused by the journey trust policy")
          .build();
      rejected = counter;
    }
    counter.add(1, reason.attributes);
  }

  @Override
  public String toString() {
    return "BaggageTrustPolicy{mode=" + mode + ", catalogue=" + catalogue + "}";
  }

  /** Builds a {@link BaggageTrustPolicy}. */
  public static final class Builder {
    private final JourneyCatalogue catalogue;
    private TrustMode mode = TrustMode.KNOWN;
    private Supplier<OpenTelemetry> telemetry = GlobalTelemetry::getIfSet;

    private Builder(JourneyCatalogue catalogue) {
      this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    public Builder mode(TrustMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Where the rejection counter is recorded (a {@link JourneyRunner} passes its own); unless set,
     * the {@link GlobalOpenTelemetry} once one is registered.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      Objects.requireNonNull(openTelemetry, "openTelemetry");
      this.telemetry = () -> openTelemetry;
      return this;
    }

    public BaggageTrustPolicy build() {
      return new BaggageTrustPolicy(this);
    }
  }
}
