package com.techmart.cuj.micronaut.jdbc;

import com.techmart.cuj.micronaut.Journey;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Application code as a team writes it: a journey, and a transactional write through the injected pool. */
@Singleton
public class Shop {

  private final Orders orders;

  public Shop(Orders orders) {
    this.orders = orders;
  }

  @Journey("checkout")
  public void checkout(String item) throws SQLException {
    orders.save(item);
    orders.save(item + "-gift-wrap");
  }

  @Singleton
  public static class Orders {
    private final DataSource dataSource;

    public Orders(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Transactional
    public void save(String item) throws SQLException {
      // Inside the transaction micronaut-data hands out the transaction's connection.
      Connection connection = dataSource.getConnection();
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (item) VALUES (?)")) {
        insert.setString(1, item);
        insert.executeUpdate();
      }
    }
  }
}
