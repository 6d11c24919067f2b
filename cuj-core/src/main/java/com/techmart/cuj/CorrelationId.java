package com.techmart.cuj;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code X-Correlation-ID} a request carries through logs, spans and downstream calls. An
 * incoming id is accepted only when well-formed (1 to {@value #MAX_LENGTH} characters of
 * {@code A-Z a-z 0-9 . _ : -}); otherwise a new one is generated, and the rejected value is never
 * logged raw (it may hold CR/LF for log injection), only {@linkplain #describe(String) described}.
 *
 * <pre>{@code
 * String id = CorrelationId.resolve(request.getHeader(CorrelationId.HEADER));
 * response.setHeader(CorrelationId.HEADER, id);
 * MDC.put(CorrelationId.MDC_KEY, id);
 * Span.current().setAttribute(CorrelationId.ATTRIBUTE, id);
 * Context ctx = CorrelationId.attach(Context.current(), id);   // travels downstream in baggage
 * }</pre>
 */
public final class CorrelationId {

  /** The HTTP header. */
  public static final String HEADER = "X-Correlation-ID";

  /** The logging MDC key. */
  public static final String MDC_KEY = "correlation_id";

  /** The span attribute (high cardinality: a span attribute, never a metric dimension). */
  public static final AttributeKey<String> ATTRIBUTE = AttributeKey.stringKey("correlation.id");

  /** The baggage entry that carries the id to downstream services. */
  public static final String BAGGAGE_KEY = "correlation.id";

  /** Longest accepted id. */
  public static final int MAX_LENGTH = 64;

  private CorrelationId() {}

  /** Whether {@code id} is acceptable as is. Never throws. */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A new random id: a version 4 UUID, unique enough to find log lines by; not a secret. */
  public static String generate() {
    // A random (version 4) UUID, from ThreadLocalRandom rather than UUID.randomUUID(): an id to
    // find log lines by is no secret (the response echoes it), and SecureRandom took ~8 us of
    // every request of the reference api under load (see benchmarks/README.md).
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** {@code incoming} if it is valid, otherwise a newly generated id. */
  public static String resolve(String incoming) {
    return isValid(incoming) ? incoming : generate();
  }

  /**
   * The request's id, the same way in every adapter: {@code header} when well-formed, else one that
   * arrived in {@code context}'s baggage from an upstream service, else a new one.
   */
  public static String resolve(String header, Context context) {
    if (isValid(header)) {
      return header;
    }
    return fromContext(context).orElseGet(CorrelationId::generate);
  }

  /**
   * A log-safe description of a rejected value: its length and whether it held control
   * characters, never its content.
   */
  public static String describe(String rejected) {
    if (rejected == null) {
      return "absent";
    }
    boolean control = false;
    for (int i = 0; i < rejected.length() && !control; i++) {
      char c = rejected.charAt(i);
      // C0, DEL, C1 (NEL is a line break to some log readers) and the Unicode line separators.
      control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }
    return "malformed (" + rejected.length() + " chars" + (control ? ", control characters" : "") + ")";
  }

  /** {@code context} with {@code id} in baggage, so it reaches downstream services. */
  public static Context attach(Context context, String id) {
    if (!isValid(id)) {
      return context;
    }
    return context.with(Baggage.fromContext(context).toBuilder().put(BAGGAGE_KEY, id).build());
  }

  /** The correlation id of the current context, if a valid one is there. */
  public static Optional<String> current() {
    return fromContext(Context.current());
  }

  /** The correlation id in {@code context}'s baggage, if a valid one is there. */
  public static Optional<String> fromContext(Context context) {
    String id = Baggage.fromContext(context).getEntryValue(BAGGAGE_KEY);
    return isValid(id) ? Optional.of(id) : Optional.empty();
  }
}
