package com.techmart.shop;

import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.EmbeddedDatabase;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL for the whole test JVM (all test classes run in one fork), started on
 * first use and stopped when the JVM exits. Each test class gets a fresh database of its own.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedDatabase server;

  private TestDatabase() {}

  public static synchronized EmbeddedDatabase server() {
    if (server == null) {
      server = EmbeddedDatabase.start();
      EmbeddedDatabase started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-postgres-stop"));
    }
    return server;
  }

  /** A new, empty database on the shared server. */
  public static Database fresh(String purpose) {
    return server().create(purpose.toLowerCase().replaceAll("[^a-z0-9]+", "_") + "_" + COUNTER.incrementAndGet());
  }
}
