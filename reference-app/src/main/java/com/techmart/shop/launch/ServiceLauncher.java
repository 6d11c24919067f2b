package com.techmart.shop.launch;

import com.techmart.shop.ServiceRole;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts one TechMart service as a Micronaut application context with its HTTP server. The same
 * code path serves {@code serve} (one service per process) and the demo and tests (three contexts
 * in one JVM, each with its own name, schema, OpenTelemetry SDK and port).
 *
 * <pre>{@code
 * RunningService inventory = ServiceLauncher.builder(ServiceRole.INVENTORY)
 *     .database(new Database("jdbc:postgresql://127.0.0.1:5432/techmart", "postgres", ""))
 *     .port(0)            // any free port
 *     .start();
 * }</pre>
 */
public final class ServiceLauncher {

  private final ServiceRole role;
  private final Map<String, Object> properties = new HashMap<>();
  private final List<Object> singletons = new java.util.ArrayList<>();
  private Database database;

  private ServiceLauncher(ServiceRole role) {
    this.role = role;
    properties.put("techmart.role", role.id());
    properties.put("micronaut.application.name", role.serviceName());
  }

  public static ServiceLauncher builder(ServiceRole role) {
    return new ServiceLauncher(Objects.requireNonNull(role, "role"));
  }

  public ServiceLauncher database(Database database) {
    this.database = database;
    return this;
  }

  /** The interface to listen on; {@code 127.0.0.1} keeps a demo off the network. */
  public ServiceLauncher host(String host) {
    properties.put("micronaut.server.host", host);
    return this;
  }

  /** The port; 0 picks a free one. */
  public ServiceLauncher port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    properties.put("micronaut.server.port", port == 0 ? -1 : port);
    return this;
  }

  /** Where the api finds the inventory service. */
  public ServiceLauncher inventory(URI uri) {
    properties.put("micronaut.http.services.inventory.url", uri.toString());
    return this;
  }

  /** Where the api finds the payments service. */
  public ServiceLauncher payments(URI uri) {
    properties.put("micronaut.http.services.payments.url", uri.toString());
    return this;
  }

  /** Any other configuration property, e.g. {@code payments.gateway.failure-rate}. */
  public ServiceLauncher property(String key, Object value) {
    properties.put(key, value);
    return this;
  }

  public ServiceLauncher properties(Map<String, ?> more) {
    properties.putAll(more);
    return this;
  }

  /** A bean to register in the context before it starts (e.g. the demo's span recorder). */
  public ServiceLauncher bean(Object singleton) {
    singletons.add(singleton);
    return this;
  }

  /**
   * Starts the context (migrating the service's schema) and its HTTP server.
   *
   * @throws IllegalStateException if no database was given
   */
  public RunningService start() {
    if (database == null && !properties.containsKey("datasources.default.url")) {
      throw new IllegalStateException(role + ": no database; set TECHMART_DB_URL (a jdbc:postgresql:// URL)");
    }
    Map<String, Object> props = new HashMap<>(properties);
    if (database != null) {
      props.put("datasources.default.url", Deadlines.apply(database.url()));
      props.put("datasources.default.username", database.user());
      props.put("datasources.default.password", database.password());
    }
    ApplicationContext context = ApplicationContext.builder()
        .environments(role.id())
        .deduceEnvironment(false)
        .deduceCloudEnvironment(false)
        .banner(false)
        .properties(props)
        .singletons(singletons.toArray())
        .start();
    try {
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      server.start();
      return new RunningService(role, context, server);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }
}
