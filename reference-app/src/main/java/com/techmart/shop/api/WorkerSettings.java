package com.techmart.shop.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/** The outbox worker ({@code techmart.worker.*}). */
@ConfigurationProperties("techmart.worker")
public class WorkerSettings {

  private boolean enabled = true;
  private int threads = 2;
  private Duration pollInterval = Duration.ofMillis(500);
  private Duration retryBackoff = Duration.ofSeconds(1);
  private String crashOnceAfterStage;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getThreads() {
    return threads;
  }

  public void setThreads(int threads) {
    if (threads < 1 || threads > 32) {
      throw new IllegalArgumentException("techmart.worker.threads must be between 1 and 32, was " + threads);
    }
    this.threads = threads;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(Duration pollInterval) {
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("techmart.worker.poll-interval must be positive, was " + pollInterval);
    }
    this.pollInterval = pollInterval;
  }

  /** The pause before a failed entry is tried again; doubled per attempt, at most 64 times as long. */
  public Duration getRetryBackoff() {
    return retryBackoff;
  }

  public void setRetryBackoff(Duration retryBackoff) {
    this.retryBackoff = retryBackoff;
  }

  /**
   * Fault injection for tests and demos: {@code fulfil} makes the worker fail each order once
   * right after its fulfilment stage, as a crash between the stages would.
   */
  @Nullable
  public String getCrashOnceAfterStage() {
    return crashOnceAfterStage;
  }

  public void setCrashOnceAfterStage(@Nullable String crashOnceAfterStage) {
    this.crashOnceAfterStage = crashOnceAfterStage;
  }
}
