package com.techmart.cuj.testing;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.JourneySpanProcessor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenTelemetry SDK for a plain JUnit 5 test, set up as an application sets it up (the
 * journey span processor on the catalogue, W3C trace context and baggage), with every span kept
 * in memory and forgotten before each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final JourneyTelemetry telemetry = JourneyTelemetry.create(JourneyCatalogue.loadResource("cuj/journeys.yaml"));
 *
 * @Test
 * void placingAnOrderIsACheckout() {
 *   new OrderService(telemetry.runner()).place(basket);
 *   assertThatJourneys(telemetry.spans()).hasJourney("checkout").hasOutcome(Outcome.SUCCESS);
 * }
 * }</pre>
 *
 * <p>It does not register itself as {@code GlobalOpenTelemetry}; pass {@link #openTelemetry()} or
 * {@link #runner()} to the code under test.
 */
public final class JourneyTelemetry implements BeforeEachCallback, AfterAllCallback {

  private final JourneyCatalogue catalogue;
  private final JourneySpanCollector collector = JourneySpanCollector.create();
  private final OpenTelemetrySdk sdk;
  private final JourneyRunner runner;

  private JourneyTelemetry(JourneyCatalogue catalogue, String serviceName) {
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    this.sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
            .addSpanProcessor(JourneySpanProcessor.create(catalogue))
            .addSpanProcessor(collector.spanProcessor())
            .build())
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
    this.runner = JourneyRunner.builder(sdk).catalogue(catalogue).build();
  }

  /** Telemetry for a service whose journeys are {@code catalogue}. */
  public static JourneyTelemetry create(JourneyCatalogue catalogue) {
    return new JourneyTelemetry(catalogue, "test-service");
  }

  /** Telemetry for service {@code serviceName} (its spans' {@code service.name}), e.g. one of two in a test. */
  public static JourneyTelemetry create(JourneyCatalogue catalogue, String serviceName) {
    return new JourneyTelemetry(catalogue, Objects.requireNonNull(serviceName, "serviceName"));
  }

  /** Telemetry for a service with an empty catalogue (journeys named in code only). */
  public static JourneyTelemetry create() {
    return create(JourneyCatalogue.builder().build());
  }

  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** A journey runner on this SDK and catalogue. */
  public JourneyRunner runner() {
    return runner;
  }

  public JourneyCatalogue catalogue() {
    return catalogue;
  }

  /** Where the spans go; its {@code await} methods wait for spans that end on other threads. */
  public JourneySpanCollector collector() {
    return collector;
  }

  /** The spans ended since the test began. */
  public List<SpanData> spans() {
    return collector.spans();
  }

  /** The ended spans once {@code ready} accepts them (for journeys that end on another thread). */
  public List<SpanData> awaitSpans(Predicate<? super List<SpanData>> ready) {
    return collector.awaitSpans(ready);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    collector.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    sdk.close();
  }
}
