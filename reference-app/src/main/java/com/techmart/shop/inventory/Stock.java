package com.techmart.shop.inventory;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** How many units of a product can still be reserved. */
@MappedEntity("stock")
public record Stock(@Id Long productId, Integer available) {}
