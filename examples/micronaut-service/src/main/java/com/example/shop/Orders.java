package com.example.shop;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Plain JDBC on the injected pool: cuj-micronaut-jdbc puts each statement in its journey. */
@Singleton
class Orders {
  private final DataSource dataSource;

  Orders(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  Order place(Basket basket) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO orders (item, quantity) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, basket.item());
      insert.setInt(2, basket.quantity());
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return new Order(keys.getLong(1), basket.item(), basket.quantity());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not store the order", e);
    }
  }
}

record Basket(String item, int quantity) {}

record Order(long id, String item, int quantity) {}
