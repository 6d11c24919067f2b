package com.techmart.cuj;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;

/**
 * The W3C baggage propagator with the journey trust policy applied at extraction: incoming
 * entries the policy refuses are dropped before any span, log or downstream call can see them.
 * Before the header is parsed its length and entry count are checked against the policy's caps
 * (an oversized header is ignored whole, at the cost of a length check); entries the parser drops
 * are counted. Injection sends at most the policy's byte cap: over it, only the journey and the
 * correlation id go downstream. Parsing is the OpenTelemetry API's own.
 *
 * <pre>{@code
 * TextMapPropagator propagator = TextMapPropagator.composite(
 *     W3CTraceContextPropagator.getInstance(),
 *     JourneyBaggagePropagator.create(policy));
 * }</pre>
 */
public final class JourneyBaggagePropagator implements TextMapPropagator {

  private final TextMapPropagator delegate;
  private final BaggageTrustPolicy policy;

  private JourneyBaggagePropagator(TextMapPropagator delegate, BaggageTrustPolicy policy) {
    this.delegate = delegate;
    this.policy = policy;
  }

  /** W3C baggage propagation guarded by {@code policy}. */
  public static JourneyBaggagePropagator create(BaggageTrustPolicy policy) {
    return wrap(W3CBaggagePropagator.getInstance(), policy);
  }

  /** {@code delegate}'s propagation, with {@code policy} applied to what it extracts. */
  public static JourneyBaggagePropagator wrap(TextMapPropagator delegate, BaggageTrustPolicy policy) {
    return new JourneyBaggagePropagator(
        Objects.requireNonNull(delegate, "delegate"), Objects.requireNonNull(policy, "policy"));
  }

  public BaggageTrustPolicy policy() {
    return policy;
  }

  @Override
  public Collection<String> fields() {
    return delegate.fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    Baggage baggage = Baggage.fromContextOrNull(context);
    if (baggage == null || baggage.isEmpty() || roughSize(baggage) <= policy.maxBytes()) {
      delegate.inject(context, carrier, setter);
      return;
    }
    // Over the cap the downstream service might refuse the whole request (431/413): send what the
    // journey needs and drop the rest, counted.
    String[] header = new String[1];
    delegate.inject(context, null, (ignored, key, value) -> {
      if (FIELD.equals(key)) {
        header[0] = value;
      }
    });
    if (header[0] == null || header[0].length() <= policy.maxBytes()) {
      delegate.inject(context, carrier, setter);
      return;
    }
    policy.countForwardTooLarge();
    BaggageBuilder essential = Baggage.builder();
    for (String key : new String[] {
        JourneyAttributes.BAGGAGE_NAME, JourneyAttributes.BAGGAGE_CRITICAL, CorrelationId.BAGGAGE_KEY}) {
      String value = baggage.getEntryValue(key);
      if (value != null && value.length() <= CorrelationId.MAX_LENGTH) {
        essential.put(key, value);
      }
    }
    delegate.inject(context.with(essential.build()), carrier, setter);
  }

  /** A lower bound of the encoded size: keys, values and separators, before percent-encoding. */
  private static long roughSize(Baggage baggage) {
    long[] size = new long[1];
    baggage.forEach((key, entry) -> size[0] += key.length() + entry.getValue().length() + 2);
    return size[0];
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (carrier == null || getter == null) {
      return delegate.extract(context, carrier, getter);
    }
    // The caps and the member count in one pass over the raw values, fetched once; from get()
    // when the getter has no getAll of its own (the default wraps get() in a new iterator, and a
    // normal header must cost no more than before the caps: issue 18).
    int members;
    if (SINGLE_VALUED.get(getter.getClass())) {
      String value = getter.get(carrier, FIELD);
      if (value == null) {
        return policy.sanitize(delegate.extract(context, carrier, getter));
      }
      members = policy.admittedMembers(value);
    } else {
      Iterator<String> values = getter.getAll(carrier, FIELD);
      if (values == null || !values.hasNext()) {
        return policy.sanitize(delegate.extract(context, carrier, getter));
      }
      members = policy.admittedMembers(values);
    }
    if (members < 0) {
      return context;
    }
    Baggage before = Baggage.fromContextOrNull(context);
    Context extracted = delegate.extract(context, carrier, getter);
    Baggage after = Baggage.fromContextOrNull(extracted);
    int parsed = (after == null ? 0 : after.size()) - (before == null ? 0 : before.size());
    if (parsed < members) {
      policy.countUnparseable(members - parsed);
    }
    return policy.sanitize(extracted);
  }

  private static final String FIELD = "baggage";

  /** Whether a getter class inherits {@link TextMapGetter#getAll}'s default: one value, from get(). */
  private static final ClassValue<Boolean> SINGLE_VALUED = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("getAll", Object.class, String.class).getDeclaringClass() == TextMapGetter.class;
      } catch (NoSuchMethodException | SecurityException e) {
        return false;
      }
    }
  };

  @Override
  public String toString() {
    return "JourneyBaggagePropagator{" + delegate + ", " + policy + "}";
  }
}
