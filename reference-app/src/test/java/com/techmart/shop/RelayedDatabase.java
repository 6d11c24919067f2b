package com.techmart.shop;

import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.TcpProxy;

/**
 * A fresh database that the services reach through a {@link TcpProxy} the test can cut (the
 * database goes away) or freeze (connections stay open, nothing answers), while the test itself
 * checks the tables over a direct connection that no drill touches.
 */
final class RelayedDatabase implements AutoCloseable {

  private final TcpProxy relay;
  private final Database viaRelay;
  private final Database direct;

  private RelayedDatabase(TcpProxy relay, Database viaRelay, Database direct) {
    this.relay = relay;
    this.viaRelay = viaRelay;
    this.direct = direct;
  }

  static RelayedDatabase fresh(String purpose) {
    Database direct = TestDatabase.fresh(purpose);
    TcpProxy relay = new TcpProxy("127.0.0.1", TestDatabase.server().port());
    return new RelayedDatabase(relay, direct.via(relay), direct);
  }

  /** What the services are given. */
  Database viaRelay() {
    return viaRelay;
  }

  TcpProxy relay() {
    return relay;
  }

  /** The test's own view of the tables. */
  Db db() {
    return new Db(direct);
  }

  @Override
  public void close() {
    relay.close();
  }
}
