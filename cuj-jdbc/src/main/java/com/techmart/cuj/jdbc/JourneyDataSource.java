package com.techmart.cuj.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The inner layer under the OpenTelemetry JDBC wrapper: hands out connections whose statements are
 * charged to their journey. Sitting inside the OpenTelemetry layer means the statement's client
 * span is current while it executes and the span keeps the SQL as the application wrote it
 * (without the journey comment).
 */
final class JourneyDataSource implements DataSource, AutoCloseable {

  private final DataSource delegate;
  private final JourneyStatements statements;

  JourneyDataSource(DataSource delegate, JourneyStatements statements) {
    this.delegate = delegate;
    this.statements = statements;
  }

  @Override
  public Connection getConnection() throws SQLException {
    statements.stamp();
    return JdbcProxies.connection(delegate.getConnection(), statements);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    statements.stamp();
    return JdbcProxies.connection(delegate.getConnection(username, password), statements);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(delegate) ? iface.cast(delegate) : delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }

  /** Closes the wrapped pool if it can be closed, as the OpenTelemetry wrapper around us expects. */
  @Override
  public void close() throws Exception {
    if (delegate instanceof AutoCloseable) {
      ((AutoCloseable) delegate).close();
    }
  }

  @Override
  public String toString() {
    return "JourneyDataSource{" + delegate + "}";
  }
}
