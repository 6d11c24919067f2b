package com.techmart.shop.payments;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** The one payment of an order. */
@MappedEntity("payment")
public record Payment(
    @Id UUID orderId,
    String paymentId,
    String status,
    String method,
    Long amountCents,
    String currency,
    @Nullable String declineReason,
    Instant createdAt,
    Instant updatedAt) {

  public static final String CAPTURED = "CAPTURED";
  public static final String DECLINED = "DECLINED";
  public static final String REFUNDED = "REFUNDED";
}
