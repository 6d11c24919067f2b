package com.techmart.shop.launch;

import java.util.Objects;

/**
 * Where a service's PostgreSQL is: a JDBC URL and credentials (in a deployment, from
 * {@code TECHMART_DB_URL}, {@code TECHMART_DB_USER}, {@code TECHMART_DB_PASSWORD}).
 */
public record Database(String url, String user, String password) {

  public Database {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("the database URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), was '" + url + "'");
    }
    user = user == null ? "postgres" : user;
    password = password == null ? "" : password;
  }

  @Override
  public String toString() {
    return "Database[" + url + ", user=" + user + "]"; // never the password
  }
}
