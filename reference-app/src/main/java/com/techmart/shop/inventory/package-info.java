/**
 * The inventory service: stock levels and reservations ({@code POST /reserve}, idempotent per
 * order id). Its beans exist only in a context started with {@code techmart.role=inventory}.
 */
@Configuration
@Requires(property = "techmart.role", value = "inventory")
package com.techmart.shop.inventory;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
