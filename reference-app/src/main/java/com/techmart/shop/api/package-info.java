/**
 * The api service, TechMart's edge: product pages ({@code product-discovery}), checkout
 * ({@code checkout}), order pages ({@code order-lookup}), and the outbox worker that fulfils and
 * confirms accepted orders. Its beans exist only with {@code techmart.role=api}.
 */
@Configuration
@Requires(property = "techmart.role", value = "api")
package com.techmart.shop.api;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
