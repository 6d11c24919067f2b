package com.techmart.shop.storefront;

import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import io.micronaut.json.tree.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what of an OTLP/JSON trace export from a browser may enter the pipeline. Everything in it
 * is attacker-controlled, so a span survives only if it names a journey the catalogue knows, is one
 * the storefront's instrumentation makes, and fits the caps; then it is rebuilt from scratch:
 *
 * <ul>
 *   <li>resource {@code service.name=techmart-storefront}, whatever the browser claimed;
 *   <li>names from a fixed set: {@code cuj.browser.<journey>} for a journey span,
 *       {@code browser.fetch}, {@code browser.documentLoad|documentFetch|resourceFetch}; so no
 *       server-side rule or dashboard (they select {@code cuj.<journey>} spans) ever counts one;
 *   <li>only a few attributes, each bounded: {@code cuj.name}, {@code cuj.critical} (from the
 *       catalogue), {@code cuj.outcome} and {@code cuj.outcome.type} (closed sets), {@code http.method},
 *       {@code http.status_code}, a truncated {@code http.url}. None of the span-metrics dimensions
 *       {@code http.route}, {@code http.request.method} or {@code http.response.status_code} is
 *       ever written, so a browser cannot add a value to one;
 *   <li>no events, links or status messages.
 * </ul>
 */
final class BrowserSpanPolicy {

  static final String SERVICE_NAME = "techmart-storefront";
  static final int MAX_SPANS = 64;
  static final int MAX_ATTRIBUTES = 64;
  static final int MAX_VALUE_CHARS = 2048;
  static final int MAX_URL_CHARS = 256;
  static final long MAX_DURATION_NANOS = TimeUnit.MINUTES.toNanos(10);

  private static final Resource RESOURCE = Resource.builder()
      .put("service.name", SERVICE_NAME)
      .put("telemetry.sdk.language", "webjs")
      .build();
  private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("com.techmart.shop.storefront");
  private static final Pattern HEX_TRACE = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern HEX_SPAN = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern FETCH = Pattern.compile("(?:HTTP )?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)");
  private static final Set<String> DOCUMENT_SPANS = Set.of("documentLoad", "documentFetch", "resourceFetch");
  private static final Set<String> OUTCOMES = Set.of("success", "expected", "error", "cancelled");
  private static final Pattern OUTCOME_TYPE = Pattern.compile("http\\.[1-5][0-9]{2}");
  private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.method");
  private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.status_code");
  private static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");
  private static final AttributeKey<String> OUTCOME_TYPE_KEY = AttributeKey.stringKey("cuj.outcome.type");

  private final JourneyCatalogue catalogue;

  BrowserSpanPolicy(JourneyCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** What survived and what was dropped, by reason. */
  record Verdict(List<SpanData> accepted, Map<DropReason, Integer> dropped) {
    int droppedTotal() {
      return dropped.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Applies the policy to one {@code ExportTraceServiceRequest} in OTLP/JSON. */
  Verdict apply(JsonNode request) {
    List<SpanData> accepted = new ArrayList<>();
    Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
    if (!request.isObject()) {
      dropped.merge(DropReason.MALFORMED, 1, Integer::sum);
      return new Verdict(accepted, dropped);
    }
    int seen = 0;
    for (JsonNode resourceSpans : array(request.get("resourceSpans"))) {
      for (JsonNode scopeSpans : array(resourceSpans.get("scopeSpans"))) {
        for (JsonNode span : array(scopeSpans.get("spans"))) {
          if (++seen > MAX_SPANS) {
            dropped.merge(DropReason.TOO_MANY, 1, Integer::sum);
            continue;
          }
          try {
            accepted.add(rebuild(span));
          } catch (Refused refused) {
            dropped.merge(refused.reason, 1, Integer::sum);
          }
        }
      }
    }
    return new Verdict(List.copyOf(accepted), dropped);
  }

  private SpanData rebuild(JsonNode span) {
    if (!span.isObject()) {
      throw new Refused(DropReason.MALFORMED);
    }
    Map<String, JsonNode> attributes = attributes(span.get("attributes"));
    JourneyDefinition journey = Optional.ofNullable(attributes.get(JourneyAttributes.CUJ_NAME.getKey()))
        .filter(JsonNode::isObject)
        .map(v -> v.get("stringValue"))
        .filter(v -> v != null && v.isString())
        .flatMap(v -> catalogue.find(v.getStringValue()))
        .orElseThrow(() -> new Refused(DropReason.UNKNOWN_JOURNEY));

    String incomingName = string(span.get("name"), DropReason.MALFORMED);
    String name;
    SpanKind kind = SpanKind.INTERNAL;
    Matcher fetch = FETCH.matcher(incomingName);
    if (incomingName.equals(journey.spanName())) {
      name = "cuj.browser." + journey.name();
    } else if (DOCUMENT_SPANS.contains(incomingName)) {
      name = "browser." + incomingName;
    } else if (fetch.matches()) {
      name = "browser.fetch";
      kind = SpanKind.CLIENT;
    } else {
      throw new Refused(DropReason.UNKNOWN_SPAN);
    }

    String traceId = hex(span.get("traceId"), HEX_TRACE);
    String spanId = hex(span.get("spanId"), HEX_SPAN);
    SpanContext context = SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
    if (!context.isValid()) {
      throw new Refused(DropReason.MALFORMED);
    }
    JsonNode parentNode = span.get("parentSpanId");
    SpanContext parent = parentNode == null || (parentNode.isString() && parentNode.getStringValue().isEmpty())
        ? SpanContext.getInvalid()
        : SpanContext.create(traceId, hex(parentNode, HEX_SPAN), TraceFlags.getSampled(), TraceState.getDefault());

    long start = nanos(span.get("startTimeUnixNano"));
    long end = nanos(span.get("endTimeUnixNano"));
    if (start <= 0 || end < start) {
      throw new Refused(DropReason.MALFORMED);
    }
    if (end - start > MAX_DURATION_NANOS) {
      throw new Refused(DropReason.OVERSIZED);
    }

    AttributesBuilder out = Attributes.builder()
        .put(JourneyAttributes.CUJ_NAME, journey.name())
        .put(JourneyAttributes.CUJ_CRITICAL, journey.critical());
    if (name.startsWith("cuj.browser.")) {
      enumValue(attributes, JourneyAttributes.CUJ_OUTCOME.getKey(), OUTCOMES)
          .ifPresent(v -> out.put(JourneyAttributes.CUJ_OUTCOME, v));
      Optional.ofNullable(stringValue(attributes.get(OUTCOME_TYPE_KEY.getKey())))
          .filter(v -> OUTCOME_TYPE.matcher(v).matches())
          .ifPresent(v -> out.put(OUTCOME_TYPE_KEY, v));
    }
    if (kind == SpanKind.CLIENT) {
      out.put(HTTP_METHOD, fetch.group(1));
      Long status = longValue(attributes.get(HTTP_STATUS.getKey()));
      if (status != null && status >= 0 && status <= 599) {
        out.put(HTTP_STATUS, status);
      }
    }
    String url = stringValue(attributes.get(HTTP_URL.getKey()));
    if (url != null) {
      out.put(HTTP_URL, url.length() > MAX_URL_CHARS ? url.substring(0, MAX_URL_CHARS) : url);
    }
    return new BrowserSpan(name, kind, context, parent, status(span.get("status")), start, end, out.build(),
        RESOURCE, SCOPE);
  }

  /** The span's attributes by key; refuses a span with too many, or any value too long to be real. */
  private static Map<String, JsonNode> attributes(JsonNode list) {
    Map<String, JsonNode> byKey = new HashMap<>();
    List<JsonNode> entries = array(list);
    if (entries.size() > MAX_ATTRIBUTES) {
      throw new Refused(DropReason.OVERSIZED);
    }
    for (JsonNode entry : entries) {
      if (!entry.isObject()) {
        throw new Refused(DropReason.MALFORMED);
      }
      String key = string(entry.get("key"), DropReason.MALFORMED);
      JsonNode value = entry.get("value");
      if (key.length() > MAX_VALUE_CHARS || (value != null && tooLong(value))) {
        throw new Refused(DropReason.OVERSIZED);
      }
      byKey.put(key, value);
    }
    return byKey;
  }

  private static boolean tooLong(JsonNode value) {
    if (value.isString()) {
      return value.getStringValue().length() > MAX_VALUE_CHARS;
    }
    if (value.isArray() || value.isObject()) {
      if (value.size() > MAX_ATTRIBUTES) {
        return true;
      }
      for (JsonNode child : value.values()) {
        if (tooLong(child)) {
          return true;
        }
      }
    }
    return false;
  }

  private static StatusData status(JsonNode status) {
    if (status == null || !status.isObject() || status.get("code") == null) {
      return StatusData.unset();
    }
    Long code = number(status.get("code"));
    // OTLP: 1 = OK, 2 = ERROR; the description is dropped, it is free text from the client.
    return code == null ? StatusData.unset()
        : code == 2 ? StatusData.create(StatusCode.ERROR, "")
        : code == 1 ? StatusData.ok() : StatusData.unset();
  }

  private static Optional<String> enumValue(Map<String, JsonNode> attributes, String key, Set<String> allowed) {
    return Optional.ofNullable(stringValue(attributes.get(key))).filter(allowed::contains);
  }

  private static String stringValue(JsonNode value) {
    JsonNode s = value != null && value.isObject() ? value.get("stringValue") : null;
    return s != null && s.isString() ? s.getStringValue() : null;
  }

  private static Long longValue(JsonNode value) {
    return value != null && value.isObject() && value.get("intValue") != null ? number(value.get("intValue")) : null;
  }

  private static List<JsonNode> array(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new Refused(DropReason.MALFORMED);
    }
    List<JsonNode> out = new ArrayList<>(node.size());
    node.values().forEach(out::add);
    return out;
  }

  private static String string(JsonNode node, DropReason reason) {
    if (node == null || !node.isString()) {
      throw new Refused(reason);
    }
    String s = node.getStringValue();
    if (s.length() > MAX_VALUE_CHARS) {
      throw new Refused(DropReason.OVERSIZED);
    }
    return s;
  }

  private static String hex(JsonNode node, Pattern pattern) {
    String s = string(node, DropReason.MALFORMED).toLowerCase(java.util.Locale.ROOT);
    if (!pattern.matcher(s).matches()) {
      throw new Refused(DropReason.MALFORMED);
    }
    return s;
  }

  /** OTLP/JSON writes 64-bit integers as strings; some encoders write numbers. */
  private static long nanos(JsonNode node) {
    Long n = number(node);
    if (n == null) {
      throw new Refused(DropReason.MALFORMED);
    }
    return n;
  }

  private static Long number(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isNumber()) {
      return node.getNumberValue().longValue();
    }
    if (node.isString() && node.getStringValue().matches("-?[0-9]{1,19}")) {
      try {
        return Long.parseLong(node.getStringValue());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static final class Refused extends RuntimeException {
    final DropReason reason;

    Refused(DropReason reason) {
      super(reason.label(), null, false, false);
      this.reason = reason;
    }
  }
}
