package com.techmart.shop;

import com.techmart.shop.launch.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the services' tables directly, to check what a test's requests left behind. */
public final class Db {

  private final Database database;

  public Db(Database database) {
    this.database = database;
  }

  /** The single number {@code sql} returns, e.g. {@code select count(*) from shop.customer_order}. */
  public long number(String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
         PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public long stock(long productId) {
    return number("select available from inventory.stock where product_id = ?", productId);
  }

  public String text(String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
         PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
