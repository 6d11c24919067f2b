package com.techmart.cuj.servlet.conformance;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.servlet.LoopbackJetty;
import com.techmart.cuj.servlet.JourneyFilter;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The conformance service of {@link ServletAgentConformanceIT}, run in a child JVM under the real
 * Java agent and the cuj extension: the same servlet and filter as library mode, on the agent's
 * {@code GlobalOpenTelemetry}. Prints {@code port <n>} once it serves; runs until the parent destroys it.
 *
 * <p>{@code /ctl/*} lets the parent drive the client-disconnect scenario across the process
 * boundary: {@code arm} resets the servlet's latch and gate, {@code entered} answers once the
 * servlet is inside the request, {@code release} lets it write into the closed connection;
 * {@code downstream?uri=} names the second service of the HTTP hop.
 */
public final class AgentConformanceProgram {

  public static void main(String[] args) throws Exception {
    OpenTelemetry openTelemetry = GlobalOpenTelemetry.get();
    JourneyCatalogue catalogue = ServletLibraryConformanceTest.CATALOGUE;
    JourneyRunner runner = JourneyRunner.builder(openTelemetry).catalogue(catalogue).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ConformanceServlet servlet = new ConformanceServlet(openTelemetry, runner, pool);
    LoopbackJetty server = ServletLibraryConformanceTest.jetty(JourneyFilter.create(openTelemetry, runner), servlet,
        context -> context.addServlet(new ServletHolder(control(servlet)), "/ctl/*"));
    System.out.println("port " + server.port());
    // Serves until the parent test destroys the process.
    Thread.currentThread().join();
  }

  /** {@code /ctl/*}: see the class comment. */
  private static HttpServlet control(ConformanceServlet servlet) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
          switch (req.getPathInfo()) {
            case "/arm" -> {
              servlet.entered = new CountDownLatch(1);
              servlet.gate = new CompletableFuture<>();
            }
            case "/entered" -> {
              if (!servlet.entered.await(30, TimeUnit.SECONDS)) {
                resp.sendError(504, "the servlet never started");
                return;
              }
            }
            case "/release" -> servlet.gate.complete(null);
            case "/downstream" -> servlet.downstream = URI.create(req.getParameter("uri"));
            default -> {
              resp.sendError(404);
              return;
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          resp.sendError(500);
          return;
        }
        resp.getWriter().write("ok");
      }
    };
  }

  private AgentConformanceProgram() {}
}
