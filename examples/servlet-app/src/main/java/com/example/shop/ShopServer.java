package com.example.shop;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.jdbc.JourneyJdbc;
import com.techmart.cuj.servlet.JourneyFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.postgresql.ds.PGSimpleDataSource;

/** The whole CUJ set-up of a servlet app: catalogue, runner, wrapped pool, filter. */
public final class ShopServer {

  private ShopServer() {}

  public static Server start(InetSocketAddress address, DataSource pool, OpenTelemetry openTelemetry)
      throws Exception {
    JourneyCatalogue catalogue = JourneyCatalogue.loadResource("cuj/journeys.yaml");   // routes: per journey
    JourneyRunner journeys = JourneyRunner.builder(openTelemetry).catalogue(catalogue).build();
    DataSource database = JourneyJdbc.builder(openTelemetry).journeys(journeys).build().wrap(pool);

    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new OrderServlet(database)), "/api/orders");
    FilterHolder filter = new FilterHolder(JourneyFilter.create(openTelemetry, journeys));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));

    Server server = new Server(address);
    server.setHandler(context);
    server.start();
    return server;
  }

  /** Configured like any OpenTelemetry app (OTEL_* variables); cuj-core adds the journey span processor. */
  public static void main(String[] args) throws Exception {
    OpenTelemetry openTelemetry = AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk();
    PGSimpleDataSource pool = new PGSimpleDataSource();
    pool.setUrl(System.getenv().getOrDefault("SHOP_DB_URL", "jdbc:postgresql://localhost:5432/shop"));
    pool.setUser(System.getenv().getOrDefault("SHOP_DB_USER", "shop"));
    pool.setPassword(System.getenv().getOrDefault("SHOP_DB_PASSWORD", ""));
    start(new InetSocketAddress(8080), pool, openTelemetry).join();
  }
}
