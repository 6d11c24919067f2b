package com.techmart.shop.storefront;

import com.techmart.cuj.NotAJourney;
import com.techmart.cuj.micronaut.JourneySettings;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.io.IOException;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code POST /browser/v1/traces}: the storefront's OTLP/HTTP JSON trace export. Browser spans are
 * untrusted input: each request passes the per-client rate limit, then every span the
 * {@link BrowserSpanPolicy}; what is refused is counted in {@code techmart.browser.spans.dropped}
 * by a fixed {@code reason} and goes no further. The answer is OTLP's: 200 with a partial success
 * naming how many spans were rejected, 400 for a body that is not OTLP/JSON, 429 when rate limited.
 * Bodies over {@code micronaut.server.max-request-size} are refused with 413 before they are read.
 */
@Controller("/browser/v1")
public class BrowserTelemetryController {

  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  private final BrowserSpanPolicy policy;
  private final BrowserSpanSink sink;
  private final JsonMapper json;
  private final ClientRateLimiter limiter;
  private final LongCounter dropped;
  private final LongCounter accepted;
  private final Map<DropReason, Attributes> reasons = new EnumMap<>(DropReason.class);

  BrowserTelemetryController(JourneySettings settings, BrowserSpanSink sink, JsonMapper json, OpenTelemetry openTelemetry,
                             @Value("${techmart.browser.rate-per-second:5}") double perSecond,
                             @Value("${techmart.browser.burst:20}") int burst,
                             @Value("${techmart.browser.max-clients:10000}") int maxClients) {
    this.policy = new BrowserSpanPolicy(settings.catalogue());
    this.sink = sink;
    this.json = json;
    this.limiter = new ClientRateLimiter(perSecond, burst, maxClients, System::nanoTime);
    Meter meter = openTelemetry.getMeter("com.techmart.shop");
    this.dropped = meter.counterBuilder("techmart.browser.spans.dropped")
        .setDescription("Browser telemetry refused at ingestion, by reason (a refused request whose spans "
            + "were not read counts once)")
        .setUnit("{span}")
        .build();
    this.accepted = meter.counterBuilder("techmart.browser.spans.accepted")
        .setDescription("Browser spans that passed the trust policy and the caps")
        .setUnit("{span}")
        .build();
    for (DropReason reason : DropReason.values()) {
      reasons.put(reason, Attributes.of(REASON, reason.label()));
    }
  }

  @NotAJourney("the storefront's telemetry export: its journeys are the spans it carries, checked one by one")
  @Post(value = "/traces", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN}, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> traces(HttpRequest<?> request, @Body byte[] body) {
    InetAddress client = request.getRemoteAddress().getAddress();
    if (client == null || !limiter.tryAcquire(client)) {
      dropped.add(1, reasons.get(DropReason.RATE_LIMITED));
      return HttpResponse.<String>status(HttpStatus.TOO_MANY_REQUESTS)
          .header("Retry-After", "1")
          .body(error("rate limited: too many telemetry requests from this address"));
    }
    JsonNode tree;
    try {
      tree = json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      tree = null;
    }
    if (tree == null || !tree.isObject()) {
      dropped.add(1, reasons.get(DropReason.MALFORMED));
      return HttpResponse.<String>badRequest().body(error("not an OTLP/JSON ExportTraceServiceRequest"));
    }
    BrowserSpanPolicy.Verdict verdict = policy.apply(tree);
    verdict.dropped().forEach((reason, count) -> dropped.add(count, reasons.get(reason)));
    accepted.add(verdict.accepted().size());
    sink.export(verdict.accepted());
    int rejected = verdict.droppedTotal();
    if (rejected == 0) {
      return HttpResponse.ok("{}");
    }
    return HttpResponse.ok("{\"partialSuccess\":{\"rejectedSpans\":\"" + rejected + "\",\"errorMessage\":\"spans refused: "
        + String.join(", ", verdict.dropped().keySet().stream().map(DropReason::label).toList()) + "\"}}");
  }

  private static String error(String message) {
    return "{\"message\":\"" + message + "\"}";
  }
}
