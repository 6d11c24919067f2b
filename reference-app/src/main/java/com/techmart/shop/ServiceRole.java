package com.techmart.shop;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The three TechMart services. Each runs in its own Micronaut application context (a process of
 * its own under {@code serve}, or three contexts in one JVM for the demo), owns one database
 * schema and is known to telemetry by its service name.
 */
public enum ServiceRole {
  /** The edge: product pages, orders, and the background worker that finishes orders. */
  API("api", "techmart-api", "shop"),
  /** Stock levels and reservations. */
  INVENTORY("inventory", "techmart-inventory", "inventory"),
  /** Charges through a simulated payment gateway. */
  PAYMENTS("payments", "techmart-payments", "payments");

  private final String id;
  private final String serviceName;
  private final String schema;

  ServiceRole(String id, String serviceName, String schema) {
    this.id = id;
    this.serviceName = serviceName;
    this.schema = schema;
  }

  /** The value of {@code --role} and of the {@code techmart.role} property. */
  public String id() {
    return id;
  }

  /** {@code service.name} of its telemetry (unless {@code OTEL_SERVICE_NAME} says otherwise). */
  public String serviceName() {
    return serviceName;
  }

  /** The PostgreSQL schema the service owns and migrates. */
  public String schema() {
    return schema;
  }

  /**
   * Parses {@code api}, {@code inventory} or {@code payments}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ServiceRole parse(String value) {
    for (ServiceRole role : values()) {
      if (role.id.equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT))) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + value + "'; expected one of "
        + Arrays.stream(values()).map(ServiceRole::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
