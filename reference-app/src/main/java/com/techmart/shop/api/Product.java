package com.techmart.shop.api;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity("product")
public record Product(@Id Long id, String sku, String name, String description, Long priceCents, String currency) {}
