package com.techmart.shop.storefront;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client, keyed by the connection's address (never a header, which a client
 * could vary at will). Bounded: when {@code maxClients} buckets exist, idle ones are forgotten, and
 * if none are idle a new client is refused rather than growing the map.
 */
final class ClientRateLimiter {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perSecond;
  private final double burst;
  private final int maxClients;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

  ClientRateLimiter(double perSecond, int burst, int maxClients, LongSupplier nanoTime) {
    if (perSecond <= 0 || burst < 1 || maxClients < 1) {
      throw new IllegalArgumentException("rate limit needs perSecond > 0, burst >= 1 and maxClients >= 1, was "
          + perSecond + ", " + burst + ", " + maxClients);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxClients = maxClients;
    this.nanoTime = nanoTime;
  }

  /** Takes one token for {@code client}; false when it has none left. */
  boolean tryAcquire(InetAddress client) {
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.get(client);
    if (bucket == null) {
      if (buckets.size() >= maxClients) {
        forgetIdle(now);
        if (buckets.size() >= maxClients) {
          return false;
        }
      }
      bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
    }
    return bucket.take(now, perSecond, burst);
  }

  int clients() {
    return buckets.size();
  }

  private void forgetIdle(long now) {
    // A bucket that would be full again holds no state worth keeping.
    long refillNanos = (long) (burst / perSecond * NANOS_PER_SECOND);
    buckets.values().removeIf(b -> b.idleSince(now) >= refillNanos);
  }

  private static final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    synchronized boolean take(long now, double perSecond, double burst) {
      tokens = Math.min(burst, tokens + (now - updated) * perSecond / NANOS_PER_SECOND);
      updated = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }

    synchronized long idleSince(long now) {
      return now - updated;
    }
  }
}
