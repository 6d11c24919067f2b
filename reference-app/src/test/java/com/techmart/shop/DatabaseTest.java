package com.techmart.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.TcpProxy;
import org.junit.jupiter.api.Test;

/** A drill's relay stands between the services and the database: same database, same credentials, the relay's port. */
class DatabaseTest {

  @Test
  void throughARelayTheUrlKeepsItsDatabaseAndParametersAndNamesTheRelay() {
    try (TcpProxy relay = new TcpProxy("127.0.0.1", 5432)) {
      Database direct = new Database("jdbc:postgresql://db.internal:5432/techmart?sslmode=disable", "shop", "secret");
      Database relayed = direct.via(relay);
      assertThat(relayed.url()).isEqualTo("jdbc:postgresql://127.0.0.1:" + relay.port() + "/techmart?sslmode=disable");
      assertThat(relayed.user()).isEqualTo("shop");
      assertThat(relayed.password()).isEqualTo("secret");
    }
  }

  @Test
  void aUrlWithoutHostAndPortCannotBeRelayedAndSaysSo() {
    try (TcpProxy relay = new TcpProxy("127.0.0.1", 5432)) {
      assertThatThrownBy(() -> new Database("jdbc:postgresql:techmart", null, null).via(relay))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql:techmart");
    }
  }
}
