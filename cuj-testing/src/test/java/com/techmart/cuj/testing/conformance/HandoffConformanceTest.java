package com.techmart.cuj.testing.conformance;

import static com.techmart.cuj.testing.conformance.JourneyConformanceSuite.FORGED_JOURNEY;
import static com.techmart.cuj.testing.conformance.JourneyConformanceSuite.JOURNEY;

import com.techmart.cuj.JourneyHandoff;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/**
 * {@code JourneyHandoff}: a journey captured into a string map (an outbox row, a queue message)
 * and restored by a worker thread, whose work must carry the journey, and only a trusted one.
 */
class HandoffConformanceTest extends JourneyConformanceSuite {

  private static final ExecutorService WORKER = Executors.newSingleThreadExecutor();
  private final CoreHarness core = new CoreHarness();

  @AfterAll
  static void stopWorker() {
    WORKER.shutdownNow();
  }

  @Override
  protected String stack() {
    return "outbox hand-off";
  }

  @Override
  protected Map<Scenario, OptOut> optOuts() {
    return OptOut.all(OptOut.HANDOFF_CONTINUES);
  }

  @Override
  protected ScenarioRun run(Scenario scenario) throws Exception {
    core.reset();
    Map<String, String> row = switch (scenario) {
      case SUCCESS -> core.runner.call(JOURNEY, () -> {
        core.work();
        return JourneyHandoff.capture();
      });
      // Rows written by something other than this service's journeys: an attacker with write
      // access to the queue, or an old producer that got the criticality wrong.
      case FORGED_BAGGAGE -> stored(Baggage.builder().put("cuj.name", FORGED_JOURNEY).put("cuj.critical", "true").build());
      case WRONG_CRITICAL -> stored(Baggage.builder().put("cuj.name", JOURNEY).put("cuj.critical", "false").build());
      default -> throw new UnsupportedOperationException(scenario.name());
    };
    WORKER.submit(() -> {
      try (Scope ignored = JourneyHandoff.restore(row, core.runner.trustPolicy()).makeCurrent()) {
        core.work();
      }
    }).get(10, TimeUnit.SECONDS);
    int spans = scenario == Scenario.SUCCESS ? 3 : 1;
    return ScenarioRun.of(core.telemetry.collector().awaitSpans(s -> s.size() >= spans),
        core.telemetry.collector().openSpans());
  }

  private static Map<String, String> stored(Baggage baggage) {
    Map<String, String> row = new HashMap<>();
    W3CBaggagePropagator.getInstance().inject(Context.root().with(baggage), row, Map::put);
    return row;
  }
}
