package com.techmart.shop.launch;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long a TechMart service waits for its database, so that a request never waits for ever: a
 * frozen server (connections open, nothing answers) gives a 503 within seconds instead of a
 * request hung for the whole outage. The values come from the journeys' latency objectives (the
 * tightest is product-discovery's p99 of 300 ms, checkout's p95 is 500 ms): a healthy statement
 * takes milliseconds, so each limit is several times any objective and never fires on a healthy
 * request, and the sum of them stays well below the reconciler's grace period.
 *
 * <ul>
 *   <li>{@link #CONNECT}: opening the TCP connection;
 *   <li>{@link #LOGIN}: the whole connection set-up (TCP, TLS, authentication);
 *   <li>{@link #STATEMENT}: PostgreSQL cancels a statement that runs longer (a lock wait, a slow
 *       plan) and the transaction rolls back cleanly;
 *   <li>{@link #SOCKET}: the driver gives up on a read that gets no byte for this long. This is
 *       the one that fires on a frozen server, where no statement timeout can (the server that
 *       would cancel the statement is the one not answering).
 * </ul>
 *
 * The pool's own wait for a free connection is {@code datasources.default.connection-timeout}
 * (3 s, application.yml). A URL that sets any of these parameters keeps its own value.
 */
public final class Deadlines {

  /**
   * Setting up a connection is never what a request waits for (the pool's wait bounds that), so
   * these two are generous: a busy machine can take seconds to start a PostgreSQL backend.
   */
  public static final Duration CONNECT = Duration.ofSeconds(5);
  public static final Duration LOGIN = Duration.ofSeconds(10);
  /** Ten times checkout's objective (p95 500 ms); a lock wait behind a burst of orders fits in it. */
  public static final Duration STATEMENT = Duration.ofSeconds(5);
  /** A second longer than a statement may run, so that PostgreSQL's own cancel answers first when it can. */
  public static final Duration SOCKET = Duration.ofSeconds(6);

  private Deadlines() {}

  /** {@code url} with the driver parameters above added, unless it sets them already. */
  public static String apply(String url) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("connectTimeout", String.valueOf(CONNECT.toSeconds()));
    params.put("loginTimeout", String.valueOf(LOGIN.toSeconds()));
    params.put("socketTimeout", String.valueOf(SOCKET.toSeconds()));
    params.put("options", "-c statement_timeout=" + STATEMENT.toMillis());
    StringBuilder out = new StringBuilder(url);
    String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
    boolean first = query.isEmpty() && !url.endsWith("?");
    if (!url.contains("?")) {
      out.append('?');
    }
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (query.matches("(^|.*&)" + p.getKey() + "=.*")) {
        continue;
      }
      if (!first && !out.toString().endsWith("?") && !out.toString().endsWith("&")) {
        out.append('&');
      }
      out.append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      first = false;
    }
    return out.toString();
  }
}
