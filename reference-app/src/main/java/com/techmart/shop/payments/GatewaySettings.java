package com.techmart.shop.payments;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * How the simulated gateway behaves ({@code payments.gateway.*}, or {@code PAYMENTS_GATEWAY_*} in
 * the environment): its usual latency, the share of calls that fail, and how slow the slow ones are.
 */
@ConfigurationProperties("payments.gateway")
public class GatewaySettings {

  private Duration latency = Duration.ofMillis(40);
  private Duration jitter = Duration.ofMillis(40);
  private Duration slowLatency = Duration.ofMillis(1500);
  private double failureRate;

  public Duration getLatency() {
    return latency;
  }

  public void setLatency(Duration latency) {
    this.latency = requireNotNegative("latency", latency);
  }

  public Duration getJitter() {
    return jitter;
  }

  public void setJitter(Duration jitter) {
    this.jitter = requireNotNegative("jitter", jitter);
  }

  public Duration getSlowLatency() {
    return slowLatency;
  }

  public void setSlowLatency(Duration slowLatency) {
    this.slowLatency = requireNotNegative("slow-latency", slowLatency);
  }

  public double getFailureRate() {
    return failureRate;
  }

  public void setFailureRate(double failureRate) {
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new IllegalArgumentException("payments.gateway.failure-rate must be between 0 and 1, was " + failureRate);
    }
    this.failureRate = failureRate;
  }

  private static Duration requireNotNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("payments.gateway." + name + " must not be negative, was " + d);
    }
    return d;
  }
}
