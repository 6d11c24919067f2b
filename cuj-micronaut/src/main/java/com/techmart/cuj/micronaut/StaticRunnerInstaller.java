package com.techmart.cuj.micronaut;

import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.Journeys;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unless {@code cuj.static-runner=false}, hands this context's runner to the static {@link Journeys}
 * facade, but only if no other live context in the JVM did so first: with several services in one
 * JVM, the facade belongs to the first, and the others keep to their injected runners.
 */
@Context
// On by default: without it Journeys.* builds its own runner on GlobalOpenTelemetry, which under
// micronaut-tracing is a no-op, so code using the facade would silently export nothing.
@Requires(property = "cuj.static-runner", notEquals = "false")
@Requires(beans = JourneyRunner.class)
final class StaticRunnerInstaller {

  private static final Logger LOG = LoggerFactory.getLogger(StaticRunnerInstaller.class);
  private static final AtomicReference<StaticRunnerInstaller> OWNER = new AtomicReference<>();

  private final boolean installed;

  StaticRunnerInstaller(JourneyRunner runner) {
    this.installed = OWNER.compareAndSet(null, this);
    if (installed) {
      Journeys.setRunner(runner);
    } else {
      LOG.info("The static Journeys facade stays with the first application context of this JVM;"
          + " this one's journeys run through its injected JourneyRunner (@Journey, routes) only");
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
