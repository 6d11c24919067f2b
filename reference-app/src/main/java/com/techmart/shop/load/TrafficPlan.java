package com.techmart.shop.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a traffic run sends: how fast, for how long, at most how many requests, which journeys in
 * which proportion, and how often to inject the inputs that produce business failures and bad
 * requests. Immutable; validated when built.
 *
 * @param rate requests per second (open loop: the rate does not drop when the service slows)
 * @param duration how long to send
 * @param maxRequests a hard bound on the number of requests
 * @param concurrency most requests in flight at once
 * @param mix journey name to weight
 * @param declineRate share of checkouts paid with a card the gateway declines
 * @param slowRate share of checkouts whose gateway call is slow
 * @param outOfStockRate share of checkouts that ask for more limited-edition units than are left
 * @param invalidRate share of requests that are malformed (negative quantity, unknown product)
 * @param seed random seed, for runs that repeat
 */
public record TrafficPlan(double rate, Duration duration, int maxRequests, int concurrency, Map<String, Integer> mix,
                          double declineRate, double slowRate, double outOfStockRate, double invalidRate, long seed) {

  public static final String CHECKOUT = "checkout";
  public static final String PRODUCT_DISCOVERY = "product-discovery";
  public static final String ORDER_LOOKUP = "order-lookup";

  /** The longest run the generator accepts. */
  public static final Duration LONGEST = Duration.ofHours(2);

  public TrafficPlan {
    if (!(rate > 0 && rate <= 2000)) {
      throw new IllegalArgumentException("rate must be between 0 and 2000 requests per second, was " + rate);
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("duration must be positive and at most " + LONGEST.toHours() + " h, was " + duration);
    }
    if (maxRequests < 1 || maxRequests > 10_000_000) {
      throw new IllegalArgumentException("max requests must be between 1 and 10000000, was " + maxRequests);
    }
    if (concurrency < 1 || concurrency > 512) {
      throw new IllegalArgumentException("concurrency must be between 1 and 512, was " + concurrency);
    }
    mix = Map.copyOf(mix);
    if (mix.isEmpty() || mix.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
      throw new IllegalArgumentException("the journey mix needs at least one positive weight");
    }
    for (Map.Entry<String, Integer> e : mix.entrySet()) {
      if (!e.getKey().equals(CHECKOUT) && !e.getKey().equals(PRODUCT_DISCOVERY) && !e.getKey().equals(ORDER_LOOKUP)) {
        throw new IllegalArgumentException("unknown journey '" + e.getKey() + "' in the mix; known: "
            + CHECKOUT + ", " + PRODUCT_DISCOVERY + ", " + ORDER_LOOKUP);
      }
      if (e.getValue() < 0) {
        throw new IllegalArgumentException("weight of " + e.getKey() + " must not be negative");
      }
    }
    requireRate("decline rate", declineRate);
    requireRate("slow rate", slowRate);
    requireRate("out-of-stock rate", outOfStockRate);
    requireRate("invalid rate", invalidRate);
  }

  /**
   * Parses a mix such as {@code checkout=30,product-discovery=55,order-lookup=15}.
   *
   * @throws IllegalArgumentException naming the part that is wrong
   */
  public static Map<String, Integer> parseMix(String text) {
    Map<String, Integer> mix = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("mix entries look like journey=weight, got '" + part.trim() + "'");
      }
      try {
        mix.put(kv[0].trim().toLowerCase(Locale.ROOT), Integer.parseInt(kv[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("weight of " + kv[0].trim() + " must be a whole number, got '" + kv[1].trim() + "'");
      }
    }
    return mix;
  }

  private static void requireRate(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
    }
  }
}
