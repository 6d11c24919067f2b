package com.techmart.cuj.micronaut;

import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.StartedJourney;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.propagation.ReactorPropagation;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.tracing.opentelemetry.OpenTelemetryPropagationContext;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import com.techmart.cuj.JourneyDefinition;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentHashMap;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs right after micronaut-tracing's server filter, inside the server span:
 *
 * <ol>
 *   <li>applies the trust policy to the request's baggage again (the SDK's propagator already did,
 *       when it is ours), so a refused journey is not passed on downstream;
 *   <li>resolves the correlation id: the request header when well-formed, else one received in
 *       baggage, else a new one; it goes on the server span, into the MDC, into baggage for
 *       downstream calls, and back on the response. A malformed header is never logged raw;
 *   <li>starts the journey of the request's route ({@code cuj.routes} and the catalogue's routes),
 *       ending it with the response;
 *   <li>makes all of that the request's propagated context, so controller code, reactive
 *       continuations on other threads and the HTTP client see it.
 * </ol>
 */
@Filter(Filter.MATCH_ALL_PATTERN)
@Requires(beans = JourneyRunner.class)
final class JourneyServerFilter implements HttpServerFilter {

  private static final Logger LOG = LoggerFactory.getLogger(JourneyServerFilter.class);

  private final JourneyRunner runner;
  private final JourneySettings settings;
  // Per route method: a handful of entries, bounded by the application's code.
  private final Map<RouteInfo<?>, JourneyDefinition> annotated = new ConcurrentHashMap<>();

  JourneyServerFilter(JourneyRunner runner, JourneySettings settings) {
    this.runner = runner;
    this.settings = settings;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.TRACING.after();
  }

  @Override
  public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
    if (!settings.enabled()) {
      return chain.proceed(request);
    }
    Context incoming = runner.trustPolicy().sanitize(Context.current());

    String header = settings.correlationHeader();
    String received = request.getHeaders().get(header);
    String correlationId = CorrelationId.resolve(received, incoming);
    if (received != null && correlationId != received) {
      LOG.debug("Ignored {} header, {}; using {}", header, CorrelationId.describe(received), correlationId);
    }
    Context context = CorrelationId.attach(incoming, correlationId);
    Span.fromContext(context).setAttribute(CorrelationId.ATTRIBUTE, correlationId);

    JourneyDefinition definition = handlerJourney(request);
    StartedJourney journey = definition == null ? null : runner.start(definition, context);
    Context requestContext = journey == null ? context : journey.context();

    PropagatedContext propagated = PropagatedContext.getOrEmpty()
        .plus(new OpenTelemetryPropagationContext(requestContext))
        .plus(new CorrelationIdMdc(correlationId));
    try (PropagatedContext.Scope ignored = propagated.propagate()) {
      AtomicBoolean answered = journey == null ? null : new AtomicBoolean();
      Mono<MutableHttpResponse<?>> response = Mono.from(chain.proceed(request))
          .doOnNext(r -> {
            r.header(header, correlationId);
            if (journey != null) {
              answered.set(true);
              end(journey, request, r);
            }
          });
      if (journey != null) {
        response = response
            // An exception no handler turned into a response: the client gets a 500.
            .doOnError(e -> journey.endHttp(500, e, false))
            // Before the answer, a cancel means the client left; after it, the server is just done
            // with this publisher (a streamed body still runs, and ends the journey).
            .doOnCancel(() -> {
              if (!answered.get()) {
                journey.endHttp(0, null, true);
              }
            })
            // No response at all: Micronaut answers it as not found.
            .doOnSuccess(r -> {
              if (r == null) {
                journey.endHttp(404, null, false);
              }
            });
      }
      return response.contextWrite(ctx -> ReactorPropagation.addPropagatedContext(ctx, propagated));
    } catch (RuntimeException | Error e) {
      if (journey != null) {
        journey.endHttp(500, e, false);
      }
      throw e;
    }
  }

  /**
   * The HTTP handler journey of the request: the route method's {@code @Journey} (which also knows
   * its expected outcomes), else the journey its route maps to, else none. The filter runs it and
   * ends it by the status the client gets; the {@code @Journey} interceptor on the method joins it.
   */
  private JourneyDefinition handlerJourney(HttpRequest<?> request) {
    if (!settings.journeysOn()) {
      return null; // a configuration problem: the guard above still runs, journeys do not
    }
    // The route map first: most requests of most services match none, and then the annotation
    // lookup is cheap to skip only when no method is annotated at all.
    RouteInfo<?> route = RouteAttributes.getRouteInfo(request).orElse(null);
    if (route != null && route.getAnnotationMetadata().hasAnnotation(Journey.class)) {
      return annotated.computeIfAbsent(route, r -> JourneyInterceptor.define(runner,
          r.getAnnotationMetadata().getAnnotation(Journey.class), r.toString()));
    }
    String routed = settings.routes().isEmpty() ? null
        : settings.routes().match(request.getMethodName(), request.getPath()).orElse(null);
    return routed == null ? null : runner.definition(routed);
  }

  /**
   * Ends the journey by the response: its status, the exception a handler turned into it (it may
   * be a declared expected outcome), and whether the client is still there to get it.
   */
  private static void end(StartedJourney journey, HttpRequest<?> request, MutableHttpResponse<?> response) {
    Throwable error = response.getAttribute(HttpAttributes.EXCEPTION, Throwable.class).orElse(null);
    int status = response.code();
    Object body = response.body();
    if (error == null && body instanceof Publisher<?> stream) {
      // A streamed body: the status is sent now, the journey is over when the stream is.
      response.body(Flux.from(stream)
          .doOnComplete(() -> journey.endHttp(status, null, ClientConnection.isGone(request)))
          .doOnError(e -> journey.endHttp(500, e, false))
          .doOnCancel(() -> journey.endHttp(status, null, true)));
      return;
    }
    journey.endHttp(status, error, ClientConnection.isGone(request));
  }
}
