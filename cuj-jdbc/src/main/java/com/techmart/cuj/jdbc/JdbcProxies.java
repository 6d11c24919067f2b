package com.techmart.cuj.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Dynamic proxies for {@link Connection} and the three statement types. A proxy, rather than
 * hand-written wrappers, because only a handful of the several hundred JDBC methods matter here
 * (the ones that take SQL text or execute), and a proxy forwards every other one, including
 * methods added by later JDBC versions, unchanged.
 */
final class JdbcProxies {

  private JdbcProxies() {}

  static Connection connection(Connection connection, JourneyStatements statements) {
    if (connection == null) {
      return null;
    }
    return (Connection) Proxy.newProxyInstance(
        JdbcProxies.class.getClassLoader(),
        new Class<?>[] {Connection.class},
        new ConnectionHandler(connection, statements));
  }

  private static Object statement(
      Object statement, Class<?> type, Connection owner, JourneyStatements statements) {
    if (statement == null) {
      return null;
    }
    Class<?> iface = CallableStatement.class.isAssignableFrom(type) ? CallableStatement.class
        : PreparedStatement.class.isAssignableFrom(type) ? PreparedStatement.class
        : Statement.class;
    return Proxy.newProxyInstance(
        JdbcProxies.class.getClassLoader(),
        new Class<?>[] {iface},
        new StatementHandler(statement, owner, statements));
  }

  private abstract static class Handler implements InvocationHandler {
    final Object delegate;
    final JourneyStatements statements;

    Handler(Object delegate, JourneyStatements statements) {
      this.delegate = delegate;
      this.statements = statements;
    }

    /** {@code unwrap}, {@code isWrapperFor}, {@code equals}, {@code hashCode}; else null. */
    Object common(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "unwrap":
          if (args != null && args.length == 1 && args[0] instanceof Class) {
            Class<?> iface = (Class<?>) args[0];
            return iface.isInstance(delegate) ? delegate : forward(method, args);
          }
          return null;
        case "isWrapperFor":
          if (args != null && args.length == 1 && args[0] instanceof Class) {
            return ((Class<?>) args[0]).isInstance(delegate) || (Boolean) forward(method, args);
          }
          return null;
        case "equals":
          return args != null && args.length == 1 ? proxy == args[0] : null;
        case "hashCode":
          return args == null ? System.identityHashCode(proxy) : null;
        case "toString":
          return args == null ? "journey(" + delegate + ")" : null;
        default:
          return null;
      }
    }

    Object forward(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  private static final class ConnectionHandler extends Handler {

    ConnectionHandler(Object delegate, JourneyStatements statements) {
      super(delegate, statements);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object handled = common(proxy, method, args);
      if (handled != null) {
        return handled;
      }
      String name = method.getName();
      boolean prepares = name.equals("prepareStatement") || name.equals("prepareCall");
      if (prepares && args != null && args.length > 0 && args[0] instanceof String) {
        args[0] = statements.comment((String) args[0]);
      }
      if (name.equals("commit") || name.equals("rollback")) {
        statements.stamp();
      }
      Object result = forward(method, args);
      if (prepares || name.equals("createStatement")) {
        return statement(result, method.getReturnType(), (Connection) proxy, statements);
      }
      return result;
    }
  }

  private static final class StatementHandler extends Handler {
    private final Connection owner;

    StatementHandler(Object delegate, Connection owner, JourneyStatements statements) {
      super(delegate, statements);
      this.owner = owner;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object handled = common(proxy, method, args);
      if (handled != null) {
        return handled;
      }
      String name = method.getName();
      if (name.equals("getConnection") && args == null) {
        return owner;
      }
      boolean takesSql = args != null && args.length > 0 && args[0] instanceof String;
      if (name.equals("addBatch") && takesSql) {
        args[0] = statements.comment((String) args[0]);
        return forward(method, args);
      }
      if (!name.startsWith("execute")) {
        return forward(method, args);
      }
      if (takesSql) {
        args[0] = statements.comment((String) args[0]);
      }
      StatementTally tally = statements.begin();
      long start = System.nanoTime();
      try {
        return forward(method, args);
      } finally {
        if (tally != null) {
          tally.record(System.nanoTime() - start);
        }
      }
    }
  }
}
