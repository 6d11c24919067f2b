package com.techmart.cuj.spi;

import com.techmart.cuj.ActiveJourney;
import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.StartedJourney;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Objects;

/**
 * The one path an HTTP request takes into journeys, whatever the server: every server adapter
 * (cuj-micronaut's filter, cuj-servlet's filter) is glue between its framework's callbacks and the
 * steps below, so trust, correlation ids, routes and outcomes cannot drift apart between stacks.
 *
 * <ol>
 *   <li><b>trust check</b>: {@link #admit} applies the runner's {@code BaggageTrustPolicy} to the
 *       request's context, so a forged or unknown journey goes nowhere;
 *   <li><b>correlation id</b>: the header when well-formed, else one that arrived in baggage, else
 *       a new one; carried downstream in baggage (a rejected header is only ever described);
 *   <li><b>route</b>: {@link #route} finds the journey of {@code METHOD /path} in the routes;
 *   <li><b>start</b>: {@link Request#start} stamps the server span (the accepted incoming journey,
 *       the correlation id) and starts the request's journey, if it has one;
 *   <li><b>end by status</b>: {@link Request#end} ends it by what the client got
 *       ({@link JourneyOutcome#ofHttp}).
 * </ol>
 *
 * <pre>{@code
 * HttpIngress ingress = HttpIngress.builder(runner).build();            // routes from the catalogue
 * HttpIngress.Request r = ingress.admit(extracted, request.header(ingress.correlationHeader()));
 * JourneyRoutes.Route route = ingress.route(method, path);
 * Context server = r.context().with(serverSpan);                       // the adapter's server span, if it makes one
 * r.start(server, route == null ? null : ingress.definition(route));
 * response.header(ingress.correlationHeader(), r.correlationId());
 * try (Scope s = r.context().makeCurrent()) { handler... } finally { r.end(status, thrown, clientLeft); }
 * }</pre>
 */
public final class HttpIngress {

  private final JourneyRunner runner;
  private final JourneyRoutes routes;
  private final String correlationHeader;

  private HttpIngress(Builder b) {
    this.runner = b.runner;
    this.routes = b.routes == null ? JourneyRoutes.fromCatalogue(b.runner.catalogue()) : b.routes;
    this.correlationHeader = b.correlationHeader;
  }

  public static Builder builder(JourneyRunner runner) {
    return new Builder(runner);
  }

  public JourneyRunner runner() {
    return runner;
  }

  public JourneyRoutes routes() {
    return routes;
  }

  /** The request and response header of the correlation id; {@value CorrelationId#HEADER} unless set. */
  public String correlationHeader() {
    return correlationHeader;
  }

  /**
   * Steps 1 and 2 for a request whose trace context is {@code context} (extracted, or the
   * server span's): the trust check, then the correlation id from {@code correlationHeaderValue}
   * (the request's {@link #correlationHeader()}, may be {@code null}). Never throws for bad input.
   */
  public Request admit(Context context, String correlationHeaderValue) {
    Context trusted = runner.trustPolicy().sanitize(context);
    String id = CorrelationId.resolve(correlationHeaderValue, trusted);
    String rejected = correlationHeaderValue != null && id != correlationHeaderValue
        ? CorrelationId.describe(correlationHeaderValue) : null;
    return new Request(runner, CorrelationId.attach(trusted, id), id, rejected, runner.current(trusted).orElse(null));
  }

  /** Step 3: the route {@code method path} matches, most specific first, or {@code null}. */
  public JourneyRoutes.Route route(String method, String path) {
    return routes.isEmpty() ? null : routes.find(method, path);
  }

  /** The journey a matched route starts. */
  public JourneyDefinition definition(JourneyRoutes.Route route) {
    return runner.definition(route.journey());
  }

  /**
   * One request, from admission to the end of its journey. Confined to the thread that admits and
   * starts it; {@link #end} may come from any thread, once (later calls are ignored).
   */
  public static final class Request {
    private final JourneyRunner runner;
    private final String correlationId;
    private final String rejectedHeader;
    private final ActiveJourney incoming;
    private Context context;
    private volatile StartedJourney journey;

    private Request(JourneyRunner runner, Context context, String correlationId, String rejectedHeader,
        ActiveJourney incoming) {
      this.runner = runner;
      this.context = context;
      this.correlationId = correlationId;
      this.rejectedHeader = rejectedHeader;
      this.incoming = incoming;
    }

    /** The context the application runs in: trusted baggage, correlation id, and after {@link #start} the journey. */
    public Context context() {
      return context;
    }

    public String correlationId() {
      return correlationId;
    }

    /**
     * Why the request's correlation header was refused, safe to log ({@code CorrelationId.describe}:
     * never the raw value), or {@code null} when it was accepted or absent. The adapter logs it in
     * its framework's logging, at debug level: a client can send one on every request.
     */
    public String rejectedCorrelationHeader() {
      return rejectedHeader;
    }

    /** The request's journey, or {@code null} when it has none (or before {@link #start}). */
    public StartedJourney journey() {
      return journey;
    }

    /**
     * Step 4. {@code serverContext} is {@link #context()} with the server span, wherever that span
     * came from (the adapter's, micronaut-tracing's, the Java agent's). Stamps it with the incoming
     * journey the trust check accepted and the correlation id, then starts {@code journey} (the
     * route's or the handler's, {@code null} for none) in it.
     */
    public Request start(Context serverContext, JourneyDefinition journey) {
      Span server = Span.fromContext(Objects.requireNonNull(serverContext, "serverContext"));
      if (server.isRecording()) {
        if (incoming != null) {
          server.setAttribute(JourneyAttributes.CUJ_NAME, incoming.name());
          server.setAttribute(JourneyAttributes.CUJ_CRITICAL, incoming.critical());
        }
        server.setAttribute(CorrelationId.ATTRIBUTE, correlationId);
      }
      context = serverContext;
      if (journey != null) {
        this.journey = runner.start(journey, serverContext);
        context = this.journey.context();
      }
      return this;
    }

    /**
     * Step 5: ends the journey by the status the client got, the exception behind it ({@code null}
     * if none; one no handler mapped counts as the 500 the adapter passes) and whether the client
     * left before the answer. Without a journey, nothing. Never throws.
     */
    public void end(int status, Throwable thrown, boolean clientLeft) {
      StartedJourney j = journey;
      if (j != null) {
        j.endHttp(status, thrown, clientLeft);
      }
    }
  }

  /** Builds an {@link HttpIngress}. */
  public static final class Builder {
    private final JourneyRunner runner;
    private JourneyRoutes routes;
    private String correlationHeader = CorrelationId.HEADER;

    private Builder(JourneyRunner runner) {
      this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** The routes that start journeys; by default those the runner's catalogue declares. */
    public Builder routes(JourneyRoutes routes) {
      this.routes = Objects.requireNonNull(routes, "routes");
      return this;
    }

    /** The correlation id header, e.g. {@code X-Request-ID}; {@value CorrelationId#HEADER} by default. */
    public Builder correlationHeader(String header) {
      Objects.requireNonNull(header, "header");
      if (header.isBlank()) {
        throw new IllegalArgumentException("correlation header name is blank");
      }
      this.correlationHeader = header.trim();
      return this;
    }

    public HttpIngress build() {
      return new HttpIngress(this);
    }
  }
}
