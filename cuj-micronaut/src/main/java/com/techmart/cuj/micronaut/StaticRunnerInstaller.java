package com.techmart.cuj.micronaut;

import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.Journeys;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * With {@code cuj.static-runner=true}, hands this context's runner to the static {@link Journeys}
 * facade, but only if no other live context in the JVM did so first: with several services in one
 * JVM, the facade belongs to the first, and the others keep to their injected runners.
 */
@Context
@Requires(property = "cuj.static-runner", value = "true")
@Requires(beans = JourneyRunner.class)
final class StaticRunnerInstaller {

  private static final AtomicReference<StaticRunnerInstaller> OWNER = new AtomicReference<>();

  private final boolean installed;

  StaticRunnerInstaller(JourneyRunner runner) {
    this.installed = OWNER.compareAndSet(null, this);
    if (installed) {
      Journeys.setRunner(runner);
    }
  }

  boolean installed() {
    return installed;
  }

  @PreDestroy
  void release() {
    // The facade keeps the runner (there is no "unset"), but a later context may take over.
    OWNER.compareAndSet(this, null);
  }
}
