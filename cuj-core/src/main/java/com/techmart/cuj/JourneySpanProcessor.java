package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyAutoConfiguration;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Objects;

/**
 * Stamps {@code cuj.name} and {@code cuj.critical} on every span that starts inside a journey:
 * server, client, database and internal spans, in the service that began the journey and in every
 * downstream service that received it in baggage. This is what lets the spanmetrics connector
 * attribute the whole cost of a journey, across services, to its name.
 *
 * <p>A journey begun in this process is taken as is. One that arrived in baggage is stamped only
 * when the catalogue accepts its name, so a forged {@code cuj.name} never becomes an attribute.
 *
 * <p>It also keeps request headers out of metric dimensions: HTTP server instrumentation sets
 * {@code server.address} on SERVER spans from {@code Host}, {@code X-Forwarded-Host} or
 * {@code Forwarded: host=}, values any client chooses, and {@code server.address} is a spanmetrics
 * dimension (it names the downstream host on CLIENT spans). On SERVER spans it is replaced by
 * {@value #OTHER_SERVER_ADDRESS}, so a flood of {@code Host} values cannot add metric series.
 *
 * <pre>{@code
 * SdkTracerProvider.builder()
 *     .addSpanProcessor(JourneySpanProcessor.create(catalogue))
 *     .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
 *     .build();
 * }</pre>
 *
 * <p>With {@code AutoConfiguredOpenTelemetrySdk} (or the Java agent and the cuj extension) it is
 * registered automatically; see {@link JourneyAutoConfiguration}.
 */
public final class JourneySpanProcessor implements SpanProcessor {

  /** What {@code server.address} of a SERVER span becomes (the semantic conventions' "other"). */
  public static final String OTHER_SERVER_ADDRESS = "_OTHER";

  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");

  private final JourneyCatalogue catalogue;

  private JourneySpanProcessor(JourneyCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** A processor that accepts journeys from baggage only when {@code catalogue} accepts them. */
  public static JourneySpanProcessor create(JourneyCatalogue catalogue) {
    return new JourneySpanProcessor(Objects.requireNonNull(catalogue, "catalogue"));
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    if (span.getKind() == SpanKind.SERVER && span.getAttribute(SERVER_ADDRESS) != null) {
      span.setAttribute(SERVER_ADDRESS, OTHER_SERVER_ADDRESS);
    }
    ActiveJourney journey = JourneyContext.read(parentContext, catalogue);
    if (journey != null) {
      span.setAttribute(JourneyAttributes.CUJ_NAME, journey.name());
      span.setAttribute(JourneyAttributes.CUJ_CRITICAL, journey.critical());
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "JourneySpanProcessor{" + catalogue + "}";
  }
}
