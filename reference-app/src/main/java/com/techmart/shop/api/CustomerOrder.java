package com.techmart.shop.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** An accepted order: ACCEPTED, then FULFILLED and CONFIRMED by the background worker. */
@MappedEntity("customer_order")
public record CustomerOrder(
    @Id UUID id,
    String customerId,
    String status,
    String paymentMethod,
    String paymentId,
    Long totalCents,
    String currency,
    Instant acceptedAt,
    @Nullable Instant fulfilledAt,
    @Nullable Instant confirmedAt) {

  public static final String ACCEPTED = "ACCEPTED";
  public static final String FULFILLED = "FULFILLED";
  public static final String CONFIRMED = "CONFIRMED";
}
