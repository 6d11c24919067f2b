/**
 * The payments service: charges an order through a simulated gateway ({@code POST /charge},
 * idempotent per order id). Its beans exist only with {@code techmart.role=payments}.
 */
@Configuration
@Requires(property = "techmart.role", value = "payments")
package com.techmart.shop.payments;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
