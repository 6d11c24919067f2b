package com.techmart.shop.inventory;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence against stock held forever: an order that reserved stock and then
 * failed, when even the api's compensation could not reach us, is given back after the TTL.
 */
@Singleton
public class ReservationSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(ReservationSweeper.class);

  private final InventoryService inventory;
  private final Duration ttl;

  public ReservationSweeper(InventoryService inventory, @Value("${inventory.reservation-ttl:15m}") Duration ttl) {
    this.inventory = inventory;
    this.ttl = ttl;
  }

  @Scheduled(fixedDelay = "${inventory.sweep-interval:1m}", initialDelay = "${inventory.sweep-interval:1m}")
  void sweep() {
    try {
      inventory.expireAbandoned(Instant.now().minus(ttl));
    } catch (RuntimeException e) {
      LOG.warn("reservation sweep failed, will retry: {}", e.toString());
    }
  }
}
