package com.techmart.shop.payments;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stand-in for a card processor, reached as a client span. Test tokens choose the answer, the way
 * real gateways' test cards do: {@code tok_decline} and {@code tok_insufficient_funds} are declined,
 * {@code tok_slow} takes {@code slow-latency}, {@code tok_gateway_error} fails; any other token
 * succeeds unless the configured {@code failure-rate} says otherwise.
 */
@Singleton
public class PaymentGateway {

  static final AttributeKey<String> GATEWAY_RESULT = AttributeKey.stringKey("payment.gateway.result");

  private final GatewaySettings settings;
  private final Tracer tracer;

  public PaymentGateway(GatewaySettings settings, OpenTelemetry openTelemetry) {
    this.settings = settings;
    this.tracer = openTelemetry.getTracer("com.techmart.shop.payments");
  }

  /** The gateway's answer to a charge. */
  public record Answer(boolean approved, String declineReason) {}

  /**
   * Charges the card, waiting as long as the gateway takes.
   *
   * @throws GatewayUnavailableException if the gateway fails (nothing was charged)
   */
  public Answer charge(String method, String token, long amountCents) {
    Span span = tracer.spanBuilder("gateway charge")
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute("server.address", "gateway.payments.example")
        .setAttribute("payment.method", method)
        .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      String t = token == null ? "" : token;
      pause(t.equals("tok_slow") ? settings.getSlowLatency() : latency());
      Answer answer;
      if (t.equals("tok_gateway_error") || ThreadLocalRandom.current().nextDouble() < settings.getFailureRate()) {
        span.setAttribute(GATEWAY_RESULT, "error");
        span.setStatus(StatusCode.ERROR, "gateway error");
        throw new GatewayUnavailableException("the payment gateway did not answer");
      } else if (t.equals("tok_decline")) {
        answer = new Answer(false, "card_declined");
      } else if (t.equals("tok_insufficient_funds")) {
        answer = new Answer(false, "insufficient_funds");
      } else {
        answer = new Answer(true, null);
      }
      span.setAttribute(GATEWAY_RESULT, answer.approved() ? "approved" : "declined");
      return answer;
    } finally {
      span.end();
    }
  }

  private Duration latency() {
    long base = settings.getLatency().toMillis();
    long jitter = settings.getJitter().toMillis();
    return Duration.ofMillis(base + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0));
  }

  private static void pause(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis()); // simulated network time of the gateway, not a wait for a condition
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayUnavailableException("interrupted while waiting for the payment gateway");
    }
  }
}
