package com.techmart.shop.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-client token bucket on a clock the test moves, so every expectation is exact. */
class ClientRateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aClientGetsItsBurstThenOneRequestPerRefill() throws Exception {
    ClientRateLimiter limiter = new ClientRateLimiter(2, 3, 100, now::get);
    InetAddress shopper = InetAddress.getByName("192.0.2.1");
    assertThat(limiter.tryAcquire(shopper)).isTrue();
    assertThat(limiter.tryAcquire(shopper)).isTrue();
    assertThat(limiter.tryAcquire(shopper)).isTrue();
    assertThat(limiter.tryAcquire(shopper)).as("burst of 3 used up").isFalse();

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500)); // 2 per second: one token back
    assertThat(limiter.tryAcquire(shopper)).isTrue();
    assertThat(limiter.tryAcquire(shopper)).isFalse();
  }

  @Test
  void oneClientsFloodDoesNotStarveAnother() throws Exception {
    ClientRateLimiter limiter = new ClientRateLimiter(1, 2, 100, now::get);
    InetAddress flooder = InetAddress.getByName("192.0.2.1");
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire(flooder);
    }
    assertThat(limiter.tryAcquire(InetAddress.getByName("192.0.2.2"))).isTrue();
  }

  @Test
  void theClientTableIsBoundedAndForgetsIdleClientsFirst() throws Exception {
    ClientRateLimiter limiter = new ClientRateLimiter(1, 2, 2, now::get);
    assertThat(limiter.tryAcquire(InetAddress.getByName("192.0.2.1"))).isTrue();
    assertThat(limiter.tryAcquire(InetAddress.getByName("192.0.2.2"))).isTrue();
    assertThat(limiter.tryAcquire(InetAddress.getByName("192.0.2.3"))).as("table full, nobody idle").isFalse();
    assertThat(limiter.clients()).isEqualTo(2);

    now.addAndGet(TimeUnit.SECONDS.toNanos(3)); // both buckets would be full again: nothing to remember
    assertThat(limiter.tryAcquire(InetAddress.getByName("192.0.2.3"))).isTrue();
    assertThat(limiter.clients()).isEqualTo(1);
  }

  @Test
  void aLimitThatCouldNeverAdmitAnythingIsRefusedWithAClearError() {
    assertThatThrownBy(() -> new ClientRateLimiter(0, 10, 10, now::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perSecond > 0");
  }
}
