package com.techmart.shop.api;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("confirmation")
public record Confirmation(@Id UUID orderId, String channel, Instant sentAt) {}
