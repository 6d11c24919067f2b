package com.techmart.cuj.testing.conformance;

import static com.techmart.cuj.testing.conformance.JourneyConformanceSuite.JOURNEY;
import static com.techmart.cuj.testing.conformance.JourneyConformanceSuite.OTHER_JOURNEY;

import java.util.Map;
import java.util.concurrent.TimeoutException;

/** {@code JourneyRunner.call} / {@code run}: the core API, synchronous. */
class CoreSyncConformanceTest extends JourneyConformanceSuite {

  private final CoreHarness core = new CoreHarness();

  @Override
  protected String stack() {
    return "core sync";
  }

  @Override
  protected Map<Scenario, OptOut> optOuts() {
    return OptOut.all(OptOut.NOT_HTTP, OptOut.NO_INGRESS, OptOut.SYNCHRONOUS, OptOut.NO_REACTIVE_TYPE);
  }


  @Override
  protected ScenarioRun run(Scenario scenario) throws Exception {
    core.reset();
    switch (scenario) {
      case SUCCESS -> core.runner.call(JOURNEY, core::work);
      case CHECKED_EXCEPTION -> expectThrown(() -> core.runner.run(JOURNEY, () -> {
        core.work();
        throw new ScenarioCheckedException("card declined");
      }));
      case UNCHECKED_EXCEPTION -> expectThrown(() -> core.runner.run(JOURNEY, () -> {
        core.work();
        throw new IllegalStateException("bug");
      }));
      case DECLARED_EXPECTED_IN_CODE -> expectThrown(() -> core.runner.run(core.withDeclaredOutcome(), () -> {
        core.work();
        throw new DeclaredOutcomeException("out of stock");
      }));
      case DECLARED_EXPECTED_IN_CATALOGUE -> expectThrown(() -> core.runner.run(JOURNEY, () -> {
        core.work();
        throw new CatalogueDeclaredException("coupon expired");
      }));
      case TIMEOUT -> expectThrown(() -> core.runner.run(JOURNEY, () -> {
        core.work();
        throw new TimeoutException("payment provider did not answer within 2 s");
      }));
      case NESTED_OTHER_NAME -> core.runner.call(JOURNEY, () -> core.runner.call(OTHER_JOURNEY, core::work));
      case NESTED_SAME_NAME -> core.runner.call(JOURNEY, () -> core.runner.call(JOURNEY, core::work));
      default -> throw new UnsupportedOperationException(scenario.name());
    }
    return core.awaitRun(scenario.expectation().outcomes().size());
  }

  /** Runs {@code body}, which must throw: the exception passes through the journey to the caller. */
  static void expectThrown(ThrowingRunnable body) {
    try {
      body.run();
    } catch (Throwable expected) {
      return;
    }
    throw new AssertionError("the journey swallowed the body's exception");
  }

  interface ThrowingRunnable {
    void run() throws Throwable;
  }
}
