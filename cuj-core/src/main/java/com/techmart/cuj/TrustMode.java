package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyName;
import java.util.Locale;

/** Which journeys a service accepts from incoming W3C Baggage. */
public enum TrustMode {
  /** Only journeys the catalogue lists (the default). */
  KNOWN,
  /** Any well-formed journey name. Choose it only where every caller is trusted. */
  OPEN,
  /** None: an edge service facing the internet drops incoming {@code cuj.*} baggage entirely. */
  NONE;

  /**
   * Parses {@code known}, {@code open} or {@code none} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static TrustMode parse(String value) {
    if (value != null) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "known": return KNOWN;
        case "open": return OPEN;
        case "none": return NONE;
        default: break;
      }
    }
    throw new IllegalArgumentException(
        "trust mode '" + (value == null ? "" : JourneyName.printable(value))
            + "' is not one of: known, open, none");
  }
}
