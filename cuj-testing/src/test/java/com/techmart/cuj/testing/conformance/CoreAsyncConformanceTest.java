package com.techmart.cuj.testing.conformance;

import static com.techmart.cuj.testing.conformance.JourneyConformanceSuite.JOURNEY;
import static com.techmart.cuj.testing.conformance.JourneyConformanceSuite.OTHER_JOURNEY;

import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/** {@code JourneyRunner.callAsync}: the journey ends when the returned stage completes. */
class CoreAsyncConformanceTest extends JourneyConformanceSuite {

  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
  private final CoreHarness core = new CoreHarness();

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  @Override
  protected String stack() {
    return "core async";
  }

  @Override
  protected Map<Scenario, OptOut> optOuts() {
    return OptOut.all(OptOut.NOT_HTTP, OptOut.NO_INGRESS, OptOut.NO_REACTIVE_TYPE);
  }


  @Override
  protected ScenarioRun run(Scenario scenario) throws Exception {
    core.reset();
    CompletionStage<String> result = switch (scenario) {
      case SUCCESS -> core.runner.callAsync(JOURNEY, () -> CompletableFuture.completedFuture(core.work()));
      case CHECKED_EXCEPTION -> core.runner.callAsync(JOURNEY, () -> failed(new ScenarioCheckedException("declined")));
      case UNCHECKED_EXCEPTION -> core.runner.callAsync(JOURNEY, () -> failed(new IllegalStateException("bug")));
      case DECLARED_EXPECTED_IN_CODE -> core.runner.callAsync(core.withDeclaredOutcome(),
          () -> failed(new DeclaredOutcomeException("out of stock")));
      case DECLARED_EXPECTED_IN_CATALOGUE -> core.runner.callAsync(JOURNEY,
          () -> failed(new CatalogueDeclaredException("coupon expired")));
      // A real deadline: the stage nobody completes times out.
      case TIMEOUT -> core.runner.callAsync(JOURNEY, () -> {
        core.work();
        return new CompletableFuture<String>().orTimeout(50, TimeUnit.MILLISECONDS);
      });
      case TIMEOUT_AS_CANCELLATION -> core.runner.callAsync(JOURNEY, () -> failed(Deadlines.cancellation()));
      case ASYNC_SUCCESS -> core.runner.callAsync(JOURNEY, () -> later(null));
      case ASYNC_FAILURE -> core.runner.callAsync(JOURNEY, () -> later(new IllegalStateException("bug")));
      case CALLER_CANCELS -> {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletionStage<String> stage = core.runner.callAsync(JOURNEY, () -> {
          core.work();
          return pending;
        });
        pending.cancel(false);
        yield stage;
      }
      case NESTED_OTHER_NAME -> core.runner.callAsync(JOURNEY,
          () -> core.runner.callAsync(OTHER_JOURNEY, () -> later(null)));
      case NESTED_SAME_NAME -> core.runner.callAsync(JOURNEY,
          () -> core.runner.callAsync(JOURNEY, () -> later(null)));
      default -> throw new UnsupportedOperationException(scenario.name());
    };
    // Let the journey end whichever way; the suite judges the spans.
    result.toCompletableFuture().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
    return core.awaitRun(scenario.expectation().outcomes().size());
  }

  private CompletableFuture<String> failed(Throwable error) {
    core.work();
    return CompletableFuture.failedFuture(error);
  }

  /** Completes on a pool thread, the work running there in the journey's context. */
  private CompletableFuture<String> later(Throwable error) {
    CompletableFuture<String> f = new CompletableFuture<>();
    POOL.execute(Context.current().wrap(() -> {
      core.work();
      if (error == null) {
        f.complete("done");
      } else {
        f.completeExceptionally(error);
      }
    }));
    return f;
  }

}
