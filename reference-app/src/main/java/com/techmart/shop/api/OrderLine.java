package com.techmart.shop.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.UUID;

@MappedEntity("order_line")
public record OrderLine(
    @Id @GeneratedValue @Nullable Long id, UUID orderId, Long productId, Integer quantity, Long unitPriceCents) {}
