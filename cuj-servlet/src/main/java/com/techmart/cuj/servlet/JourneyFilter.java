package com.techmart.cuj.servlet;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.CujConfigurationException;
import com.techmart.cuj.spi.CujSetup;
import com.techmart.cuj.spi.JourneyRoutes;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.Journeys;
import com.techmart.cuj.spi.GlobalTelemetry;
import com.techmart.cuj.spi.HttpIngress;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Journeys for any Jakarta Servlet 6 container. For each request the filter
 *
 * <ol>
 *   <li>takes the trace context: from the span already current when the OpenTelemetry Java agent
 *       (or another instrumentation) made the server span, or else extracts W3C
 *       {@code traceparent}/{@code baggage} itself and starts the server span (library mode);
 *   <li>applies the service's {@link BaggageTrustPolicy} to incoming {@code cuj.*} baggage and
 *       stamps an accepted journey on the server span; a forged or unknown name goes nowhere;
 *   <li>accepts a well-formed {@code X-Correlation-ID} (or one arriving in baggage), generates one
 *       otherwise, and puts it on the response, the server span, the SLF4J MDC
 *       ({@code correlation_id}) and the baggage of every downstream call;
 *   <li>starts the journey declared for the route ({@code POST /api/orders -> checkout}, path
 *       templates allowed), so a service can have journeys without annotating code;
 *   <li>ends the journey when the response is done: after the chain, or when an async request
 *       ({@code startAsync}) completes. An exception or a 5xx status ends it as an error.
 * </ol>
 *
 * <pre>{@code
 * JourneyRunner journeys = JourneyRunner.builder(openTelemetry).catalogue(catalogue).build();
 * context.addFilter(new FilterHolder(JourneyFilter.create(openTelemetry, journeys)),
 *     "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
 * }</pre>
 *
 * <p>Declared by class name (web.xml, {@code @WebFilter}), the filter uses
 * {@link GlobalOpenTelemetry} and {@link Journeys#runner()}, whose catalogue comes from
 * {@code cuj.catalogue}/{@code CUJ_CATALOGUE}; the init parameter {@value #ROUTES_PARAM} adds
 * routes, {@code METHOD /path -> journey} separated by {@code ,}, {@code ;} or new lines (as
 * {@code cuj.routes} in cuj-micronaut; the old {@code = } form is still read, with a warning).
 *
 * <p>Code that continues a request on another thread (an async servlet's worker) gets the
 * request's context from {@link #context(ServletRequest)}.
 */
public final class JourneyFilter implements Filter {

  /** Init parameter with extra routes: {@code POST /api/orders -> checkout, GET /x/{id} -> y}. */
  public static final String ROUTES_PARAM = "cuj.routes";

  /** Request attribute holding the request's correlation id (a {@code String}). */
  public static final String CORRELATION_ID_ATTRIBUTE = "com.techmart.cuj.correlation_id";

  private static final String STATE_ATTRIBUTE = RequestJourney.class.getName();
  private static final Logger LOG = Logger.getLogger(JourneyFilter.class.getName());
  private static final String INSTRUMENTATION_NAME = "com.techmart.cuj.servlet";


  private volatile Settings settings;

  /** For containers that create filters by class name; configured in {@link #init}. */
  public JourneyFilter() {}

  private JourneyFilter(Settings settings) {
    this.settings = settings;
  }

  /** A filter for {@code runner}'s journeys, with the routes its catalogue declares. */
  public static JourneyFilter create(OpenTelemetry openTelemetry, JourneyRunner runner) {
    return builder(openTelemetry, runner).build();
  }

  public static Builder builder(OpenTelemetry openTelemetry, JourneyRunner runner) {
    return new Builder(openTelemetry, runner);
  }

  /**
   * The context {@code request} runs in (trace, journey, correlation id), for work the application
   * continues on another thread; empty if this filter did not see the request. Making it current
   * also puts the correlation id in the logging MDC until the scope closes.
   */
  public static Optional<Context> context(ServletRequest request) {
    Object state = request.getAttribute(STATE_ATTRIBUTE);
    return state instanceof RequestJourney ? Optional.of(((RequestJourney) state).context()) : Optional.empty();
  }

  /**
   * Configures a filter created by class name from {@link GlobalOpenTelemetry} and the init
   * parameters {@value #ROUTES_PARAM}, {@code cuj.catalogue}, {@code cuj.trust} and
   * {@code cuj.fail-fast} (each falling back to the system property / environment variable). Without
   * {@code cuj.catalogue} or {@code cuj.trust} it uses the process-wide {@link Journeys#runner()}.
   *
   * <p>A missing or invalid catalogue or setting, a malformed route included, is logged as one
   * SEVERE line naming it, and the filter serves with journeys off and the baggage guard at trust
   * {@code none} ({@link CujSetup}).
   *
   * @throws ServletException only with {@code cuj.fail-fast=true}, its message the problem
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (settings != null) {
      return;
    }
    Function<String, String> system = CujSetup.systemSettings();
    Function<String, String> params = key -> {
      String value = config == null ? null : config.getInitParameter(key);
      return value == null || value.isBlank() ? system.apply(key) : value.trim();
    };
    OpenTelemetry openTelemetry = globalOrNoop();
    boolean own = config != null
        && (config.getInitParameter(CujSetup.CATALOGUE) != null || config.getInitParameter(CujSetup.TRUST) != null
            || config.getInitParameter(CujSetup.FAIL_FAST) != null
            || config.getInitParameter(CujSetup.BAGGAGE_ALLOW) != null);
    if (own) {
      // Journeys.runner() warns itself when it is used instead.
      CujSetup.declarativeConfigurationWarning(system).ifPresent(LOG::warning);
    }
    try {
      CujSetup setup = own ? CujSetup.load(params, message -> LOG.severe(message)) : null;
      JourneyRunner runner = own ? runner(openTelemetry, setup) : Journeys.runner();
      String routes = config == null ? null : config.getInitParameter(ROUTES_PARAM);
      Builder builder = builder(openTelemetry, runner);
      boolean followGlobals = !own;
      if (routes != null && !routes.isBlank() && (setup == null || setup.journeysOn())) {
        try {
          builder.routes(parseRoutes(routes, runner));
        } catch (IllegalArgumentException e) {
          CujSetup base = setup != null ? setup : CujSetup.load(
              key -> CujSetup.CATALOGUE.equals(key) ? CujSetup.NO_CATALOGUE : params.apply(key),
              message -> LOG.severe(message));
          setup = base.withProblem(ROUTES_PARAM, CujSetup.SETTING_INVALID,
              "JourneyFilter init parameter: " + e.getMessage());
          builder = builder(openTelemetry, runner(openTelemetry, setup)).routes(JourneyRoutes.builder().build());
          followGlobals = false;
        }
      }
      if (setup != null) {
        setup.countProblemsOn(openTelemetry);
      }
      settings = followGlobals ? builder.settings().followingGlobals() : builder.settings();
    } catch (CujConfigurationException e) {
      throw new ServletException(e.getMessage(), e);
    }
  }

  private static JourneyRunner runner(OpenTelemetry openTelemetry, CujSetup setup) {
    return setup.runner(openTelemetry).build();
  }

  /**
   * The registered global {@link OpenTelemetry}, or a no-op for now: asking
   * {@code GlobalOpenTelemetry.get()} before the application registers its SDK would switch
   * telemetry off for good. {@link #doFilter} looks again until one is registered.
   */
  private static OpenTelemetry globalOrNoop() {
    OpenTelemetry registered = GlobalTelemetry.getIfSet();
    return registered == null ? OpenTelemetry.noop() : registered;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Settings s = settings;
    if (s == null) {
      throw new ServletException("JourneyFilter was not initialised: create it with JourneyFilter.create(..) or let the container call init()");
    }
    if (s.followsGlobals && s.runner != Journeys.runner()) {
      // The application registered its SDK after this filter was initialised.
      s = s.with(globalOrNoop(), Journeys.runner());
      settings = s;
    }
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    Object existing = request.getAttribute(STATE_ATTRIBUTE);
    if (existing instanceof RequestJourney || request.getDispatcherType() != DispatcherType.REQUEST) {
      // A re-dispatch (async, forward, error) of a request already handled: same context, no new spans.
      if (existing instanceof RequestJourney) {
        try (Scope ignored = ((RequestJourney) existing).context().makeCurrent()) {
          chain.doFilter(request, response);
        }
      } else {
        chain.doFilter(request, response);
      }
      return;
    }
    handle(s, (HttpServletRequest) request, (HttpServletResponse) response, chain);
  }

  private void handle(Settings s, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RequestJourney state = begin(s, request, response);
    request.setAttribute(STATE_ATTRIBUTE, state);
    request.setAttribute(CORRELATION_ID_ATTRIBUTE, state.correlationId());
    Throwable error = null;
    try (Scope ignored = state.context().makeCurrent()) {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      if (!(request.isAsyncStarted() && endsLater(state, request, response, error))) {
        state.finish(RequestJourney.status(response, error), error);
      }
    }
  }

  /** Hands the end of the journey to the async cycle; {@code false} if it is already over. */
  private static boolean endsLater(RequestJourney state, HttpServletRequest request,
      HttpServletResponse response, Throwable error) {
    if (error != null) {
      state.rememberAsyncError(error);
    }
    try {
      request.getAsyncContext().addListener(state, request, response);
      return true;
    } catch (IllegalStateException alreadyCompleted) {
      return false;
    }
  }

  /** Everything before the application runs, on core's ingress path; never throws for bad input. */
  private static RequestJourney begin(Settings s, HttpServletRequest request, HttpServletResponse response) {
    Context current = Context.current();
    // Agent mode: the agent's server span is current. Library mode: the filter makes its own.
    boolean serverSpanExists = Span.fromContext(current).getSpanContext().isValid();
    Context extracted = serverSpanExists ? current : s.propagator.extract(current, request, RequestHeaders.INSTANCE);
    HttpIngress.Request ingress = s.ingress.admit(extracted, request.getHeader(s.ingress.correlationHeader()));
    if (ingress.rejectedCorrelationHeader() != null && LOG.isLoggable(Level.FINE)) {
      LOG.fine(s.ingress.correlationHeader() + " rejected (" + ingress.rejectedCorrelationHeader() + "); using "
          + ingress.correlationId());
    }

    String method = request.getMethod();
    JourneyRoutes.Route route = s.ingress.route(method, pathWithinApplication(request));

    Context serverContext = ingress.context();
    ServerSpans.ServerRequest serverRequest = null;
    if (!serverSpanExists) {
      serverRequest = new ServerSpans.ServerRequest(request, route == null ? null : route.pathTemplate());
      serverContext = s.serverSpans.start(serverContext, serverRequest);
    }
    ingress.start(serverContext, route == null ? null : s.ingress.definition(route));
    response.setHeader(s.ingress.correlationHeader(), ingress.correlationId());
    return new RequestJourney(new CorrelatedContext(ingress.context(), ingress.correlationId()), ingress,
        serverRequest == null ? null : new RequestJourney.OwnServerSpan(s.serverSpans, serverContext, serverRequest));
  }

  private static String pathWithinApplication(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String contextPath = request.getContextPath();
    if (uri == null) {
      return "/";
    }
    if (contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath)) {
      uri = uri.substring(contextPath.length());
    }
    return uri.isEmpty() ? "/" : uri;
  }

  static JourneyRoutes parseRoutes(String text, JourneyRunner runner) {
    JourneyRoutes.Builder b = JourneyRoutes.builder();
    runner.catalogue().journeys().forEach(j -> j.routes().forEach(r -> b.route(r, j.name())));
    return b.parse(text).build();
  }

  @Override
  public void destroy() {}

  /** Builds a {@link JourneyFilter}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private final JourneyRunner runner;
    private JourneyRoutes routes;

    private Builder(OpenTelemetry openTelemetry, JourneyRunner runner) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * The routes that start journeys; by default those the runner's catalogue declares. These
     * replace them (use {@code JourneyRoutes.builder()} and add both to keep them).
     */
    public Builder routes(JourneyRoutes routes) {
      this.routes = Objects.requireNonNull(routes, "routes");
      return this;
    }

    public JourneyFilter build() {
      return new JourneyFilter(settings());
    }

    Settings settings() {
      return new Settings(openTelemetry, runner,
          routes == null ? JourneyRoutes.fromCatalogue(runner.catalogue()) : routes);
    }
  }

  /** Immutable configuration, shared by all requests. */
  static final class Settings {
    final JourneyRunner runner;
    final HttpIngress ingress;
    final Instrumenter<ServerSpans.ServerRequest, Integer> serverSpans;
    final TextMapPropagator propagator;
    // Created by class name: the process-wide runner and GlobalOpenTelemetry, which may be
    // registered only after init.
    final boolean followsGlobals;

    Settings(OpenTelemetry openTelemetry, JourneyRunner runner, JourneyRoutes routes) {
      this(openTelemetry, runner, routes, false);
    }

    private Settings(OpenTelemetry openTelemetry, JourneyRunner runner, JourneyRoutes routes, boolean followsGlobals) {
      this.runner = runner;
      this.ingress = HttpIngress.builder(runner).routes(routes).build();
      this.serverSpans = ServerSpans.instrumenter(openTelemetry, INSTRUMENTATION_NAME);
      this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
      this.followsGlobals = followsGlobals;
    }

    Settings followingGlobals() {
      return new Settings(OpenTelemetry.noop(), runner, ingress.routes(), true).with(globalOrNoop(), runner);
    }

    Settings with(OpenTelemetry openTelemetry, JourneyRunner newRunner) {
      return new Settings(openTelemetry, newRunner, ingress.routes(), followsGlobals);
    }
  }
}
