package com.techmart.shop.launch;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a service's PostgreSQL is: a JDBC URL and credentials (in a deployment, from
 * {@code TECHMART_DB_URL}, {@code TECHMART_DB_USER}, {@code TECHMART_DB_PASSWORD}).
 */
public record Database(String url, String user, String password) {

  private static final Pattern HOST_AND_PORT = Pattern.compile("^jdbc:postgresql://[^/?]*(/.*)?$");

  public Database {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("the database URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), was '" + url + "'");
    }
    user = user == null ? "postgres" : user;
    password = password == null ? "" : password;
  }

  /**
   * The same database reached through {@code relay} (a drill's {@link TcpProxy} on 127.0.0.1):
   * what the services are given when a test or the demo takes the database away.
   */
  public Database via(TcpProxy relay) {
    Matcher m = HOST_AND_PORT.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot relay a database URL without host and port: '" + url + "'");
    }
    return new Database("jdbc:postgresql://127.0.0.1:" + relay.port() + (m.group(1) == null ? "" : m.group(1)), user, password);
  }

  @Override
  public String toString() {
    return "Database[" + url + ", user=" + user + "]"; // never the password
  }
}
