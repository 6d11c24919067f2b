package com.example.shop;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** POST /api/orders?item=teapot stores an order: the checkout journey, by the catalogue's route. */
public class OrderServlet extends HttpServlet {

  private final DataSource database;

  public OrderServlet(DataSource database) {
    this.database = database;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String item = request.getParameter("item");
    if (item == null || item.isBlank()) {
      response.sendError(400, "item is required");
      return;
    }
    try (Connection c = database.getConnection();
        PreparedStatement insert = c.prepareStatement("INSERT INTO orders (item) VALUES (?)")) {
      insert.setString(1, item);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("could not store the order", e);
    }
    response.setStatus(201);
  }
}
