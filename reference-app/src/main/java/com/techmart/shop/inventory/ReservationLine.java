package com.techmart.shop.inventory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.UUID;

/** The units of one product held by a reservation. */
@MappedEntity("reservation_line")
public record ReservationLine(@Id @GeneratedValue @Nullable Long id, UUID orderId, Long productId, Integer quantity) {}
