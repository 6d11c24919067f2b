package com.techmart.shop.demo;

import com.techmart.shop.launch.Database;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * After an outage: did any failed checkout leave something half-written? Counted straight from the
 * three services' schemas (one database in the demo).
 */
record Consistency(long ordersWithoutOutbox, long openReservations, long chargesWithoutOrder, long unprocessed,
                   long unsettled) {

  private static final String LIVE = "('ACCEPTED', 'FULFILLED', 'CONFIRMED')";

  static Consistency check(Database database) {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
         Statement s = c.createStatement()) {
      return new Consistency(
          count(s, "select count(*) from shop.customer_order o where o.status in " + LIVE
              + " and not exists (select 1 from shop.outbox x where x.order_id = o.id)"),
          count(s, "select count(*) from inventory.reservation where status = 'RESERVED'"),
          count(s, "select count(*) from payments.payment p where p.status = 'CAPTURED'"
              + " and not exists (select 1 from shop.customer_order o where o.id = p.order_id and o.status in " + LIVE + ")"),
          count(s, "select count(*) from shop.outbox where processed_at is null"),
          count(s, "select count(*) from shop.customer_order where status in ('PENDING', 'CANCELLING')"));
    } catch (SQLException e) {
      throw new IllegalStateException("could not check the database after the outage: " + e.getMessage(), e);
    }
  }

  boolean clean() {
    return ordersWithoutOutbox == 0 && openReservations == 0 && chargesWithoutOrder == 0 && unprocessed == 0 && unsettled == 0;
  }

  void print(PrintStream out) {
    out.printf("  afterwards: %d orders without their outbox entry, %d stock reservations left open,"
        + " %d charges without an order, %d orders unprocessed, %d checkouts neither accepted nor cancelled%s%n",
        ordersWithoutOutbox, openReservations, chargesWithoutOrder, unprocessed, unsettled,
        clean() ? ": nothing half-written" : "");
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
