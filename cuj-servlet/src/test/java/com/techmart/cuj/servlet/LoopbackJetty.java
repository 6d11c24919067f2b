package com.techmart.cuj.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The one Jetty set-up of cuj-servlet's tests: a real Jetty 12 on an ephemeral loopback port, the
 * journey filter in front of one servlet for REQUEST and ASYNC dispatches (as the README registers
 * it), async supported, plus whatever a test adds to the context first (filters before ours, error
 * pages, more servlets). The filter comes as a holder: a test may let Jetty create it by class name
 * with init parameters, as web.xml does.
 */
public final class LoopbackJetty implements AutoCloseable {

  private final Server server;
  private final int port;

  private LoopbackJetty(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  public static LoopbackJetty start(FilterHolder filter, HttpServlet servlet, String servletPath,
      Consumer<ServletContextHandler> setUp) throws Exception {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // Room for the 8 KB baggage tests: Jetty's default limit for all headers together is 8 KB.
    http.setRequestHeaderSize(16 * 1024);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    setUp.accept(context);
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, servletPath);
    server.setHandler(context);
    server.start();
    return new LoopbackJetty(server, connector.getLocalPort());
  }

  public int port() {
    return port;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
