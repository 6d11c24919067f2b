package com.techmart.shop.payments;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * The one payment of an order: CAPTURED or DECLINED by the gateway, REFUNDED afterwards, or VOIDED
 * when the refund came first (then the method, amount and currency are unknown, and a late charge
 * for the order is refused).
 */
@MappedEntity("payment")
public record Payment(
    @Id UUID orderId,
    String paymentId,
    String status,
    @Nullable String method,
    @Nullable Long amountCents,
    @Nullable String currency,
    @Nullable String declineReason,
    Instant createdAt,
    Instant updatedAt) {

  public static final String CAPTURED = "CAPTURED";
  public static final String DECLINED = "DECLINED";
  public static final String REFUNDED = "REFUNDED";
  public static final String VOIDED = "VOIDED";
}
