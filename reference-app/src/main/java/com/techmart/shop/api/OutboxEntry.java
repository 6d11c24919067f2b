package com.techmart.shop.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Work left to do for an accepted order, written in the order's transaction. {@code journeyContext}
 * is {@code JourneyHandoff.capture()} at acceptance: the worker continues the same trace and journey.
 */
@MappedEntity("outbox")
public record OutboxEntry(
    @Id @GeneratedValue @Nullable Long id,
    UUID orderId,
    @TypeDef(type = DataType.JSON) Map<String, String> journeyContext,
    Instant createdAt,
    Instant nextAttemptAt,
    Integer attempts,
    @Nullable String lastError,
    @Nullable Instant processedAt) {}
