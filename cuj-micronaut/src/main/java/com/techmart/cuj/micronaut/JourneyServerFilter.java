package com.techmart.cuj.micronaut;

import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.StartedJourney;
import com.techmart.cuj.spi.HttpIngress;
import com.techmart.cuj.spi.JourneyRoutes;
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
import io.opentelemetry.context.Context;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs right after micronaut-tracing's server filter, inside the server span, and takes the request
 * along cuj-core's {@link HttpIngress} path: trust check, correlation id ({@code cuj.correlation-header}),
 * the handler's journey ({@code @Journey} on the route method, else {@code cuj.routes} and the
 * catalogue's routes), ended by the status the client gets. This class only adapts Micronaut's
 * callbacks: it makes the request's context the propagated context (controller code, reactive
 * continuations on other threads and the HTTP client see it), echoes the correlation id, and says
 * when the response, an unmapped exception, or a client that left ends the request.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
@Requires(beans = JourneyRunner.class)
final class JourneyServerFilter implements HttpServerFilter {

  private static final Logger LOG = LoggerFactory.getLogger(JourneyServerFilter.class);
  private final JourneyRunner runner;
  private final JourneySettings settings;
  private final HttpIngress ingress;
  // Per route method: a handful of entries, bounded by the application's code.
  private final Map<RouteInfo<?>, JourneyDefinition> annotated = new ConcurrentHashMap<>();

  JourneyServerFilter(JourneyRunner runner, JourneySettings settings) {
    this.runner = runner;
    this.settings = settings;
    this.ingress = HttpIngress.builder(runner).routes(settings.routes())
        .correlationHeader(settings.correlationHeader()).build();
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
    HttpIngress.Request ingress = this.ingress.admit(Context.current(),
        request.getHeaders().get(this.ingress.correlationHeader()));
    if (ingress.rejectedCorrelationHeader() != null) {
      LOG.debug("Ignored {} header, {}; using {}", this.ingress.correlationHeader(),
          ingress.rejectedCorrelationHeader(), ingress.correlationId());
    }
    // micronaut-tracing's server span is already current: no span of our own.
    StartedJourney journey = ingress.start(ingress.context(), handlerJourney(request)).journey();
    Context requestContext = ingress.context();
    String correlationId = ingress.correlationId();
    String header = this.ingress.correlationHeader();

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
              end(ingress, request, r);
            }
          });
      if (journey != null) {
        response = response
            // An exception no handler turned into a response: the client gets a 500.
            .doOnError(e -> ingress.end(500, e, false))
            // Before the answer, a cancel means the client left; after it, the server is just done
            // with this publisher (a streamed body still runs, and ends the journey).
            .doOnCancel(() -> {
              if (!answered.get()) {
                ingress.end(0, null, true);
              }
            })
            // No response at all: Micronaut answers it as not found.
            .doOnSuccess(r -> {
              if (r == null) {
                ingress.end(404, null, false);
              }
            });
      }
      return response.contextWrite(ctx -> ReactorPropagation.addPropagatedContext(ctx, propagated));
    } catch (RuntimeException | Error e) {
      if (journey != null) {
        ingress.end(500, e, false);
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
    JourneyRoutes.Route routed = ingress.route(request.getMethodName(), request.getPath());
    return routed == null ? null : ingress.definition(routed);
  }

  /**
   * Ends the journey by the response: its status, the exception a handler turned into it (it may
   * be a declared expected outcome), and whether the client is still there to get it.
   */
  private static void end(HttpIngress.Request ingress, HttpRequest<?> request, MutableHttpResponse<?> response) {
    Throwable error = response.getAttribute(HttpAttributes.EXCEPTION, Throwable.class).orElse(null);
    int status = response.code();
    Object body = response.body();
    if (error == null && body instanceof Publisher<?> stream) {
      // A streamed body: the status is sent now, the journey is over when the stream is.
      response.body(Flux.from(stream)
          .doOnComplete(() -> ingress.end(status, null, ClientConnection.isGone(request)))
          .doOnError(e -> ingress.end(500, e, false))
          .doOnCancel(() -> ingress.end(status, null, true)));
      return;
    }
    ingress.end(status, error, ClientConnection.isGone(request));
  }
}
