/**
 * The storefront's server side, in the api (the edge): the static pages and browser bundle, and the
 * ingestion endpoint that lets browser spans into the pipeline only after the catalogue's trust
 * policy and the edge caps. Its beans exist only with {@code techmart.role=api}.
 */
@Configuration
@Requires(property = "techmart.role", value = "api")
package com.techmart.shop.storefront;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
