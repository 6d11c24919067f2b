package com.techmart.shop.launch;

import com.techmart.shop.ServiceRole;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;

/** One started TechMart service: its application context and HTTP server. */
public final class RunningService implements AutoCloseable {

  private final ServiceRole role;
  private final ApplicationContext context;
  private final EmbeddedServer server;

  RunningService(ServiceRole role, ApplicationContext context, EmbeddedServer server) {
    this.role = role;
    this.context = context;
    this.server = server;
  }

  public ServiceRole role() {
    return role;
  }

  public ApplicationContext context() {
    return context;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  public URI uri() {
    return URI.create("http://" + server.getHost() + ":" + server.getPort());
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    if (server.isRunning()) {
      server.stop();
    }
    if (context.isRunning()) {
      context.close();
    }
  }

  @Override
  public String toString() {
    return role.serviceName() + " at " + uri();
  }
}
