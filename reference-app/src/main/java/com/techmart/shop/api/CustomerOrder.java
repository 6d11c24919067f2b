package com.techmart.shop.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An order. PENDING from the moment the shopper asks (before stock or money is touched), then
 * either ACCEPTED (and FULFILLED, CONFIRMED by the background worker) or CANCELLING -> CANCELLED
 * (stock given back, charge refunded). Only a PENDING order can take either way, each by one
 * conditional update, so an order is never both accepted and undone.
 */
@MappedEntity("customer_order")
public record CustomerOrder(
    @Id UUID id,
    String customerId,
    String status,
    String paymentMethod,
    @Nullable String paymentId,
    Long totalCents,
    String currency,
    Instant placedAt,
    @Nullable Instant acceptedAt,
    @Nullable Instant fulfilledAt,
    @Nullable Instant confirmedAt,
    @Nullable Instant cancelledAt,
    @Nullable String cancelReason) {

  public static final String PENDING = "PENDING";
  public static final String ACCEPTED = "ACCEPTED";
  public static final String FULFILLED = "FULFILLED";
  public static final String CONFIRMED = "CONFIRMED";
  public static final String CANCELLING = "CANCELLING";
  public static final String CANCELLED = "CANCELLED";

  /** The states of an order that stands: its stock is kept and its charge is not undone. */
  public static final Set<String> LIVE = Set.of(ACCEPTED, FULFILLED, CONFIRMED);
}
