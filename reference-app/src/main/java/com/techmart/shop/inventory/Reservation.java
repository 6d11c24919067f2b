package com.techmart.shop.inventory;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** Stock held for one order: RESERVED, then COMMITTED (shipped) or RELEASED/EXPIRED (given back). */
@MappedEntity("reservation")
public record Reservation(@Id UUID orderId, String status, Instant createdAt, Instant updatedAt) {

  public static final String RESERVED = "RESERVED";
  public static final String COMMITTED = "COMMITTED";
  public static final String RELEASED = "RELEASED";
  public static final String EXPIRED = "EXPIRED";
}
