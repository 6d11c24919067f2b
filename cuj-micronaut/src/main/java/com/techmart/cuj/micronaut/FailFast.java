package com.techmart.cuj.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

/**
 * With {@code cuj.fail-fast=true}, stops the start on a {@code cuj.*} problem, with the problem as
 * the first line of the error (thrown during bean creation, Micronaut's first line would name some
 * other bean).
 */
@Singleton
@Requires(property = JourneySettings.FAIL_FAST, value = "true")
final class FailFast implements ApplicationEventListener<StartupEvent> {

  private final JourneySettings settings;

  FailFast(JourneySettings settings) {
    this.settings = settings;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    settings.failure().ifPresent(e -> {
      throw new ConfigurationException(e.getMessage(), e);
    });
  }
}
