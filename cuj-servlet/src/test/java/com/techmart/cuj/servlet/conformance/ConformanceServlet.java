package com.techmart.cuj.servlet.conformance;

import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.servlet.JourneyFilter;
import com.techmart.cuj.testing.conformance.CatalogueDeclaredException;
import com.techmart.cuj.testing.conformance.JourneyConformanceSuite;
import com.techmart.cuj.testing.conformance.MappedToConflictException;
import com.techmart.cuj.testing.conformance.Scenario;
import com.techmart.cuj.testing.conformance.ScenarioCheckedException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code /c/route/<SCENARIO>}: what a servlet does in each scenario; {@code /c/plain}: no journey. */
final class ConformanceServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient OpenTelemetry otel;
  private final transient JourneyRunner runner;
  private final transient ExecutorService pool;
  private final transient HttpClient http = HttpClient.newHttpClient();
  volatile URI downstream;
  volatile CountDownLatch entered = new CountDownLatch(1);
  volatile CompletableFuture<Void> gate = new CompletableFuture<>();

  ConformanceServlet(OpenTelemetry otel, JourneyRunner runner, ExecutorService pool) {
    this.otel = otel;
    this.runner = runner;
    this.pool = pool;
  }

  void work() {
    otel.getTracer("conformance-work").spanBuilder("work").startSpan().end();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    if (req.getRequestURI().equals("/c/plain")) {
      work();
      resp.getWriter().write("plain");
      return;
    }
    Scenario scenario = Scenario.valueOf(req.getRequestURI().substring("/c/route/".length()));
    work();
    switch (scenario) {
      case SUCCESS, CORRELATION_ID_IN, CORRELATION_ID_OUT, CORRELATION_ID_HOSTILE -> resp.getWriter().write("ok");
      case CHECKED_EXCEPTION -> throw new ServletException(new ScenarioCheckedException("card declined"));
      case UNCHECKED_EXCEPTION, SERVER_ERROR_THROWN -> throw new IllegalStateException("bug");
      case DECLARED_EXPECTED_IN_CATALOGUE -> throw new CatalogueDeclaredException("coupon expired");
      case DECLARED_STATUS_IN_CATALOGUE -> {
        resp.setStatus(503);
        resp.getWriter().write("closed for stock-taking");
      }
      case CLIENT_ERROR_4XX -> resp.sendError(404, "no such order");
      case SERVER_ERROR_RETURNED -> {
        resp.setStatus(500);
        resp.getWriter().write("payment provider down");
      }
      // Jetty's error page for this exception answers 409.
      case EXCEPTION_MAPPED_TO_4XX -> throw new MappedToConflictException("order changed meanwhile");
      // A real deadline: the container times the async request out.
      case TIMEOUT -> req.startAsync().setTimeout(50);
      case ASYNC_SUCCESS, ASYNC_FAILURE -> {
        AsyncContext async = req.startAsync();
        Context inRequest = JourneyFilter.context(req).orElseThrow();
        pool.execute(() -> {
          try (Scope ignored = inRequest.makeCurrent()) {
            work();
            HttpServletResponse r = (HttpServletResponse) async.getResponse();
            if (scenario == Scenario.ASYNC_SUCCESS) {
              r.getWriter().write("done later");
            } else {
              r.sendError(500, "stock service down");
            }
          } catch (IOException e) {
            // The client went away: nothing more to answer.
          } finally {
            async.complete();
          }
        });
      }
      case NESTED_OTHER_NAME -> runner.run(JourneyConformanceSuite.OTHER_JOURNEY, this::work);
      case NESTED_SAME_NAME -> runner.run(JourneyConformanceSuite.JOURNEY, this::work);
      case HTTP_HOP -> {
        HttpRequest.Builder call = HttpRequest.newBuilder(downstream).GET();
        otel.getPropagators().getTextMapPropagator().inject(Context.current(), call, HttpRequest.Builder::header);
        try {
          resp.getWriter().write(http.send(call.build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ServletException(e);
        }
      }
      case CLIENT_DISCONNECTS -> {
        entered.countDown();
        try {
          gate.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new ServletException(e);
        }
        // Into a connection the client has closed.
        for (int i = 0; i < 64; i++) {
          resp.getWriter().write("x".repeat(1024));
          resp.flushBuffer();
        }
      }
      default -> throw new UnsupportedOperationException(scenario.name());
    }
  }
}
