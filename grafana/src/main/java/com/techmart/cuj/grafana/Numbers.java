package com.techmart.cuj.grafana;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Exact decimal arithmetic for the numbers written into queries and thresholds, so that 99.9%
 * becomes an error budget of {@code 0.001} and not {@code 9.999999999999432E-4}.
 */
final class Numbers {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Numbers() {}

  /** {@code 99.9} -> {@code 99.9}; doubles from the catalogue come from short decimal literals. */
  static BigDecimal decimal(double value) {
    return clean(BigDecimal.valueOf(value));
  }

  /** The allowed failure ratio of an availability percentage: 99.9 -> 0.001. */
  static BigDecimal errorBudget(double availabilityPercent) {
    return clean(HUNDRED.subtract(BigDecimal.valueOf(availabilityPercent)).movePointLeft(2));
  }

  /** The share of calls allowed above a percentile's threshold: p95 -> 0.05. */
  static BigDecimal allowedSlowRatio(double percentile) {
    return clean(HUNDRED.subtract(BigDecimal.valueOf(percentile)).movePointLeft(2));
  }

  /** A ratio as a percentage: 0.001 -> 0.1. */
  static BigDecimal percent(BigDecimal ratio) {
    return clean(ratio.movePointRight(2));
  }

  /** The catalogue percentile as a quantile: 95 -> 0.95. */
  static BigDecimal quantile(double percentile) {
    return clean(BigDecimal.valueOf(percentile).movePointLeft(2));
  }

  static String plain(BigDecimal value) {
    return value.toPlainString();
  }

  /** {@code 95} -> {@code "95"}, {@code 99.5} -> {@code "99.5"}. */
  static String plain(double value) {
    return decimal(value).toPlainString();
  }

  /** A threshold in whole milliseconds, as the connector's histogram buckets are. */
  static BigDecimal millis(Duration duration) {
    return clean(BigDecimal.valueOf(duration.toNanos(), 6));
  }

  /**
   * A duration as PromQL and Prometheus configuration write it, in its largest whole unit: 30d,
   * 6h, 5m, 10s, 500ms.
   */
  static String promDuration(Duration d) {
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }

  /** For humans: 500ms -> "500 ms", 10s -> "10 s", 30d -> "30d". */
  static String humanDuration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000 || ms % 1000 != 0) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return ms / 1000 + " s";
    }
    return promDuration(d);
  }

  /**
   * The burn factor at which a window pair alerts, as Sloth derives it: the share of the error
   * budget that may burn within the long window, times the SLO window over the long window. 30d:
   * 2% in 1h -> 14.4; 7d: 2% in 1h -> 3.36. Four significant digits (7d, 3d: 0.2333).
   */
  static BigDecimal burnFactor(BigDecimal budgetShare, Duration sloWindow, Duration longWindow) {
    BigDecimal ratio = BigDecimal.valueOf(sloWindow.toSeconds())
        .divide(BigDecimal.valueOf(longWindow.toSeconds()), java.math.MathContext.DECIMAL64);
    return clean(budgetShare.multiply(ratio).round(new java.math.MathContext(4)));
  }

  /** A duration PromQL writes in one unit (5m, 1h, 3d) as a {@link Duration}. */
  static Duration parsePromDuration(String text) {
    long n = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("not a window: " + text);
    };
  }

  /** For humans, days and hours: 50h -> "2d2h", 120h -> "5d", 90m -> "1h30m". */
  static String humanSpan(Duration d) {
    StringBuilder out = new StringBuilder();
    if (d.toDays() > 0) {
      out.append(d.toDays()).append('d');
    }
    if (d.toHoursPart() > 0) {
      out.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    return out.length() == 0 ? d.toSeconds() + "s" : out.toString();
  }

  private static BigDecimal clean(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
