package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyName;
import com.techmart.cuj.spi.GlobalTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.context.Context;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Decides which journey, if any, incoming baggage may carry into this service. Baggage from another
 * process is untrusted input: an attacker can send {@code baggage: cuj.name=<anything>}. The policy
 * keeps such values out of span attributes and metric labels:
 *
 * <ul>
 *   <li>{@link TrustMode#KNOWN} (default): only names the catalogue lists;
 *   <li>{@link TrustMode#OPEN}: any well-formed name (kebab-case, at most 63 characters);
 *   <li>{@link TrustMode#NONE}: nothing; for edge services facing the internet. An edge also
 *       forwards no incoming baggage at all except the keys a team {@linkplain Builder#allowKeys
 *       allowlists}, and ignores a {@code correlation.id} in baggage: downstream services see only
 *       what the edge set itself.
 * </ul>
 *
 * <p>At every service, a {@code baggage} header longer than {@link Builder#maxBytes} or with more
 * than {@link Builder#maxEntries} entries is refused whole, before it is parsed (a hostile 8 KB
 * header costs a length check), and {@link JourneyBaggagePropagator} never sends more than
 * {@code maxBytes} downstream, well under the usual 8 KB header limit of the next service. Unknown
 * {@code cuj.*} keys, entries the W3C parser drops and malformed correlation ids are removed too.
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
    MALFORMED_CRITICAL("malformed_critical"),
    /** A {@code cuj.*} key other than {@code cuj.name} and {@code cuj.critical}. */
    UNKNOWN_KEY("unknown_key"),
    /** An entry an edge does not forward: not set by the service itself, nor allowlisted. */
    NOT_ALLOWED("not_allowed"),
    /** A {@code correlation.id} entry that is not a well-formed correlation id. */
    MALFORMED_CORRELATION_ID("malformed_correlation_id"),
    /** An entry the W3C baggage parser dropped (bad key, bad value, duplicate key). */
    UNPARSEABLE("unparseable"),
    /** The whole header: longer than the byte cap, refused before parsing. */
    TOO_LARGE("too_large"),
    /** The whole header: more entries than the entry cap, refused before parsing. */
    TOO_MANY_ENTRIES("too_many_entries"),
    /**
     * Outgoing baggage over the byte cap: only the journey and the correlation id were sent, so the
     * downstream service does not refuse the request over its header size.
     */
    FORWARD_TOO_LARGE("forward_too_large");

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

  /** Default {@link Builder#maxBytes}: a few times what our own services send (about 100 B). */
  public static final int DEFAULT_MAX_BYTES = 2048;

  /** Default {@link Builder#maxEntries}. */
  public static final int DEFAULT_MAX_ENTRIES = 32;

  private final JourneyCatalogue catalogue;
  private final TrustMode mode;
  private final Supplier<OpenTelemetry> telemetry;
  private final Set<String> allowedKeys;
  private final int maxBytes;
  private final int maxEntries;
  private volatile LongCounter rejected;

  private BaggageTrustPolicy(Builder b) {
    this(b.catalogue, b.mode, b.telemetry, Set.copyOf(b.allowedKeys), b.maxBytes, b.maxEntries);
  }

  private BaggageTrustPolicy(JourneyCatalogue catalogue, TrustMode mode, Supplier<OpenTelemetry> telemetry,
      Set<String> allowedKeys, int maxBytes, int maxEntries) {
    this.catalogue = catalogue;
    this.mode = mode;
    this.telemetry = telemetry;
    this.allowedKeys = allowedKeys;
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
  }

  /** The same policy with another mode, counting rejections on the same counter. */
  public BaggageTrustPolicy withMode(TrustMode newMode) {
    if (newMode == mode) {
      return this;
    }
    BaggageTrustPolicy other = new BaggageTrustPolicy(
        catalogue, Objects.requireNonNull(newMode), telemetry, allowedKeys, maxBytes, maxEntries);
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

  /** The keys an edge forwards from incoming baggage (empty: none). */
  public Set<String> allowedKeys() {
    return allowedKeys;
  }

  /** The longest {@code baggage} header accepted, and sent, in bytes. */
  public int maxBytes() {
    return maxBytes;
  }

  /** The most entries an accepted {@code baggage} header may have. */
  public int maxEntries() {
    return maxEntries;
  }

  /**
   * Checks the raw {@code baggage} header values of a request before anything parses them, and
   * counts a refusal. Costs a length check and a scan for commas, never a parse.
   *
   * @return {@code true} if the header may be parsed; {@code false} if the whole header must be
   *     ignored (too long or too many entries)
   */
  public boolean admits(Iterator<String> headerValues) {
    try {
      long chars = 0;
      int entries = 0;
      while (headerValues != null && headerValues.hasNext()) {
        String value = headerValues.next();
        if (value == null) {
          continue;
        }
        chars += value.length();
        if (chars > maxBytes) {
          count(Rejection.TOO_LARGE);
          return false;
        }
        entries += members(value);
        if (entries > maxEntries) {
          count(Rejection.TOO_MANY_ENTRIES);
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** How many list members a header value has: non-blank pieces between commas. */
  static int members(String value) {
    int members = 0;
    boolean content = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',') {
        if (content) {
          members++;
        }
        content = false;
      } else if (c != ' ' && c != '\t') {
        content = true;
      }
    }
    return content ? members + 1 : members;
  }

  /** Counts {@code dropped} entries of one header that the W3C parser did not keep. */
  void countUnparseable(int dropped) {
    for (int i = 0; i < dropped; i++) {
      count(Rejection.UNPARSEABLE);
    }
  }

  /** Counts outgoing baggage cut down to the journey and correlation id. */
  void countForwardTooLarge() {
    count(Rejection.FORWARD_TOO_LARGE);
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
   * Returns {@code context} with its incoming baggage reduced to what this policy accepts: a
   * refused journey is removed (so it is neither stamped here nor sent further downstream), and an
   * accepted one is rewritten with the catalogue's {@code critical} flag and becomes the context's
   * journey ({@link Journeys#current(Context)}); unknown {@code cuj.*} keys and malformed
   * correlation ids are removed; at an edge ({@link TrustMode#NONE}) every entry not allowlisted is
   * removed. Every removal is counted. Returns the same instance when there is nothing to change,
   * and applying it twice changes and counts nothing the second time.
   */
  public Context sanitize(Context context) {
    try {
      Baggage baggage = Baggage.fromContextOrNull(context);
      if (baggage == null || baggage.isEmpty()) {
        return context;
      }
      Verdicts verdicts = new Verdicts();
      baggage.forEach((key, entry) -> verdicts.judge(key, entry.getValue()));
      boolean hasJourney = verdicts.journeyEntries > 0;
      ActiveJourney accepted = hasJourney ? accept(baggage) : null;
      if (verdicts.dropped == 0 && (!hasJourney || (accepted != null && isCanonical(baggage, accepted)))) {
        // The usual case between our own services: nothing to rewrite, so no new baggage.
        return accepted == null ? context : context.with(JourneyContext.KEY, accepted);
      }
      for (Rejection reason : verdicts.reasons) {
        if (reason != null) {
          count(reason);
        }
      }
      BaggageBuilder builder = baggage.toBuilder();
      baggage.forEach((key, entry) -> {
        if (key.startsWith(JourneyAttributes.BAGGAGE_PREFIX) || verdict(key, entry.getValue()) != null) {
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

  /**
   * Why an entry other than the journey's own two would be removed, or {@code null} to keep it.
   * The journey's entries are judged by {@link #accept}.
   */
  private Rejection verdict(String key, String value) {
    if (key.startsWith(JourneyAttributes.BAGGAGE_PREFIX)) {
      return key.equals(JourneyAttributes.BAGGAGE_NAME) || key.equals(JourneyAttributes.BAGGAGE_CRITICAL)
          ? null : Rejection.UNKNOWN_KEY;
    }
    if (mode == TrustMode.NONE) {
      return allowedKeys.contains(key) ? null : Rejection.NOT_ALLOWED;
    }
    if (key.equals(CorrelationId.BAGGAGE_KEY) && !CorrelationId.isValid(value)) {
      return Rejection.MALFORMED_CORRELATION_ID;
    }
    return null;
  }

  /** One pass over the entries: what would be removed, and why. */
  private final class Verdicts {
    int journeyEntries;
    int dropped;
    Rejection[] reasons = new Rejection[0];

    void judge(String key, String value) {
      if (key.equals(JourneyAttributes.BAGGAGE_NAME) || key.equals(JourneyAttributes.BAGGAGE_CRITICAL)) {
        journeyEntries++;
        return;
      }
      Rejection reason = verdict(key, value);
      if (reason != null) {
        if (dropped == reasons.length) {
          reasons = java.util.Arrays.copyOf(reasons, Math.max(4, dropped * 2));
        }
        reasons[dropped++] = reason;
      }
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
          .setDescription("Incoming baggage headers and entries refused by the journey trust policy, by reason")
          .build();
      rejected = counter;
    }
    counter.add(1, reason.attributes);
  }

  @Override
  public String toString() {
    return "BaggageTrustPolicy{mode=" + mode + ", allowedKeys=" + new TreeSet<>(allowedKeys)
        + ", maxBytes=" + maxBytes + ", maxEntries=" + maxEntries + ", catalogue=" + catalogue + "}";
  }

  /** Builds a {@link BaggageTrustPolicy}. */
  public static final class Builder {
    private final JourneyCatalogue catalogue;
    private TrustMode mode = TrustMode.KNOWN;
    private Supplier<OpenTelemetry> telemetry = GlobalTelemetry::getIfSet;
    private final Set<String> allowedKeys = new TreeSet<>();
    private int maxBytes = DEFAULT_MAX_BYTES;
    private int maxEntries = DEFAULT_MAX_ENTRIES;

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

    /**
     * Incoming baggage keys an edge ({@link TrustMode#NONE}) forwards downstream, e.g. a tenant id
     * the team's services rely on. Nothing by default.
     *
     * @throws IllegalArgumentException for a {@code cuj.*} key or {@code correlation.id}: an edge
     *     decides those itself, a caller never does
     */
    public Builder allowKeys(Collection<String> keys) {
      for (String key : Objects.requireNonNull(keys, "keys")) {
        String k = Objects.requireNonNull(key, "allowed baggage key").trim();
        if (k.isEmpty()) {
          throw new IllegalArgumentException("an allowed baggage key is empty");
        }
        if (k.startsWith(JourneyAttributes.BAGGAGE_PREFIX) || k.equals(CorrelationId.BAGGAGE_KEY)) {
          throw new IllegalArgumentException("baggage key '" + JourneyName.printable(k)
              + "' cannot be allowed from outside: an edge sets cuj.* and correlation.id itself");
        }
        allowedKeys.add(k);
      }
      return this;
    }

    /**
     * The longest {@code baggage} header accepted (longer ones are ignored whole, before parsing)
     * and the most sent downstream; {@value #DEFAULT_MAX_BYTES} by default.
     *
     * @throws IllegalArgumentException below 128 (room for the journey and a correlation id)
     */
    public Builder maxBytes(int bytes) {
      if (bytes < 128) {
        throw new IllegalArgumentException("baggage max bytes must be at least 128, was " + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    /**
     * The most entries an accepted {@code baggage} header may have; {@value #DEFAULT_MAX_ENTRIES}
     * by default.
     *
     * @throws IllegalArgumentException below 3 (the journey's two entries and a correlation id)
     */
    public Builder maxEntries(int entries) {
      if (entries < 3) {
        throw new IllegalArgumentException("baggage max entries must be at least 3, was " + entries);
      }
      this.maxEntries = entries;
      return this;
    }

    public BaggageTrustPolicy build() {
      return new BaggageTrustPolicy(this);
    }
  }
}
