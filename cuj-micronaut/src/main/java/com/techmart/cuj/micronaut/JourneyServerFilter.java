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
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    String correlationId;
    if (CorrelationId.isValid(received)) {
      correlationId = received;
    } else {
      correlationId = CorrelationId.fromContext(incoming).orElseGet(CorrelationId::generate);
      if (received != null) {
        LOG.debug("Ignored {} header, {}; using {}", header, CorrelationId.describe(received), correlationId);
      }
    }
    Context context = CorrelationId.attach(incoming, correlationId);
    Span.fromContext(context).setAttribute(CorrelationId.ATTRIBUTE, correlationId);

    // The route first: most requests of most services match none, and then the annotation
    // lookup is not needed.
    String routed = settings.routes().isEmpty() ? null
        : settings.routes().match(request.getMethodName(), request.getPath()).orElse(null);
    StartedJourney journey = routed == null || annotatedWithJourney(request) ? null
        : runner.start(runner.definition(routed), context);
    Context requestContext = journey == null ? context : journey.context();

    PropagatedContext propagated = PropagatedContext.getOrEmpty()
        .plus(new OpenTelemetryPropagationContext(requestContext))
        .plus(new CorrelationIdMdc(correlationId));
    try (PropagatedContext.Scope ignored = propagated.propagate()) {
      Mono<MutableHttpResponse<?>> response = Mono.from(chain.proceed(request))
          .doOnNext(r -> {
            r.header(header, correlationId);
            if (journey != null) {
              end(journey, r);
            }
          });
      if (journey != null) {
        response = response.doOnError(journey::fail).doOnCancel(journey::cancelled);
      }
      return response.contextWrite(ctx -> ReactorPropagation.addPropagatedContext(ctx, propagated));
    } catch (RuntimeException | Error e) {
      if (journey != null) {
        journey.fail(e);
      }
      throw e;
    }
  }

  /**
   * A method that runs its own {@code @Journey} wins over a route mapping of the same request, so
   * one request never opens two journey spans (the annotation also knows its expected outcomes).
   */
  private static boolean annotatedWithJourney(HttpRequest<?> request) {
    return RouteAttributes.getRouteInfo(request)
        .map(route -> route.getAnnotationMetadata().hasAnnotation(Journey.class))
        .orElse(false);
  }

  /**
   * A declared expected outcome (exception type, or a status the catalogue lists) ends the route's
   * journey as expected; otherwise a server error ends it as an error, a client error (4xx) as an
   * expected outcome ({@code cuj.outcome.type=http.<status>}), anything else as a success.
   */
  private static void end(StartedJourney journey, MutableHttpResponse<?> response) {
    Throwable error = response.getAttribute(HttpAttributes.EXCEPTION, Throwable.class).orElse(null);
    int status = response.code();
    if (error != null && journey.definition().isExpectedOutcome(error)) {
      journey.fail(error);
    } else if (journey.definition().isExpectedStatus(status)) {
      journey.expected("http." + status);
    } else if (status >= 500) {
      journey.fail(error != null ? error : new ServerErrorResponse(status));
    } else if (status >= 400) {
      journey.expected("http." + status);
    } else {
      journey.succeed();
    }
  }

  /** Stands for a 5xx response that carries no exception. */
  static final class ServerErrorResponse extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServerErrorResponse(int status) {
      super("HTTP " + status, null, false, false);
    }
  }
}
