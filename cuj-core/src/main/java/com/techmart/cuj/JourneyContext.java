package com.techmart.cuj;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * Where a context keeps its journey. A journey started in this process is stored under a context
 * key (trusted: our own code put it there); one that arrived from another process exists only as
 * baggage and is read through the catalogue check.
 */
final class JourneyContext {

  static final ContextKey<ActiveJourney> KEY = ContextKey.named("cuj.journey");

  private JourneyContext() {}

  /**
   * The journey of {@code context}, or {@code null}. Baggage values are accepted only when
   * {@code catalogue} accepts the name; nothing is counted here (that happens once, at ingress).
   */
  static ActiveJourney read(Context context, JourneyCatalogue catalogue) {
    ActiveJourney local = context.get(KEY);
    if (local != null) {
      return local;
    }
    Baggage baggage = Baggage.fromContextOrNull(context);
    if (baggage == null) {
      return null;
    }
    return fromBaggage(baggage, catalogue);
  }

  /** The journey named in {@code baggage} if the catalogue accepts it, else {@code null}. */
  static ActiveJourney fromBaggage(Baggage baggage, JourneyCatalogue catalogue) {
    String name = baggage.getEntryValue(JourneyAttributes.BAGGAGE_NAME);
    if (name == null) {
      return null;
    }
    JourneyDefinition known = catalogue.get(name);
    if (known != null) {
      return known.active();
    }
    if (!catalogue.accepts(name)) {
      return null;
    }
    return new ActiveJourney(name, parseCritical(baggage.getEntryValue(JourneyAttributes.BAGGAGE_CRITICAL)));
  }

  /**
   * {@code context} with its local journey's entries in baggage, if it has a local journey that
   * its baggage does not name (a runner whose telemetry is off keeps the journey under the key
   * only); otherwise {@code context} itself.
   */
  static Context withJourneyBaggage(Context context) {
    ActiveJourney local = context.get(KEY);
    if (local == null) {
      return context;
    }
    Baggage current = Baggage.fromContext(context);
    Baggage withJourney = withJourney(current, local);
    return withJourney == current ? context : context.with(withJourney);
  }

  /**
   * {@code current} with {@code journey}'s {@code cuj.name} and {@code cuj.critical} entries;
   * {@code current} itself when it already holds exactly those.
   */
  static Baggage withJourney(Baggage current, ActiveJourney journey) {
    String critical = journey.critical() ? "true" : "false";
    if (journey.name().equals(current.getEntryValue(JourneyAttributes.BAGGAGE_NAME))
        && critical.equals(current.getEntryValue(JourneyAttributes.BAGGAGE_CRITICAL))) {
      return current;
    }
    return current.toBuilder()
        .put(JourneyAttributes.BAGGAGE_NAME, journey.name())
        .put(JourneyAttributes.BAGGAGE_CRITICAL, critical)
        .build();
  }


  /** {@code "false"} means not critical; anything else (absent, malformed) keeps the safe default. */
  static boolean parseCritical(String value) {
    return !"false".equals(value);
  }
}
