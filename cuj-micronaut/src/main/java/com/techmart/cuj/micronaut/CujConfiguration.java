package com.techmart.cuj.micronaut;

import com.techmart.cuj.CorrelationId;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The {@code cuj.*} settings of a Micronaut service. Everything is optional. A bad value is logged
 * as one ERROR line naming the key and leaves the service serving with journeys off (the baggage
 * guard at trust {@code none}); {@code fail-fast: true} stops the start instead.
 *
 * <pre>{@code
 * cuj:
 *   catalogue: classpath:cuj/journeys.yaml   # or a file path; the service's trust anchor
 *   trust: known                             # known | open | none (edge services)
 *   baggage:
 *     allow: [tenant]                        # caller baggage keys an edge (trust none) forwards
 *   journeys:                                # inline journeys, added to the catalogue
 *     - name: stock-check
 *       critical: false
 *       routes: ["GET /api/stock/{sku}"]
 *   routes:                                  # journeys by route, without annotations
 *     "GET /api/orders/{id}": order-lookup
 *   correlation-header: X-Correlation-ID
 *   enabled: true                            # false: @Journey and the filter pass through
 *   static-runner: true                      # false: leave the static Journeys facade alone
 *   fail-fast: false                         # true: a bad cuj.* value stops the start
 * }</pre>
 *
 * <p>{@code journeys}, {@code routes} and {@code baggage.allow} are read by {@link JourneySettings}, which validates them
 * together with the catalogue.
 */
@ConfigurationProperties(CujConfiguration.PREFIX)
public class CujConfiguration {

  /** The configuration prefix. */
  public static final String PREFIX = "cuj";

  private boolean enabled = true;
  private String catalogue;
  private String trust = "known";
  private String correlationHeader = CorrelationId.HEADER;
  private boolean staticRunner = true;

  /** Whether journeys are recorded; {@code false} makes {@code @Journey} and the filter pass through. */
  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The catalogue file: a path or {@code classpath:resource}; {@code classpath:cuj/journeys.yaml}
   * when unset, {@code none} for no file on purpose.
   */
  @Nullable
  public String getCatalogue() {
    return catalogue;
  }

  public void setCatalogue(@Nullable String catalogue) {
    this.catalogue = catalogue;
  }

  /** Which journeys incoming baggage may carry: {@code known} (default), {@code open} or {@code none}. */
  public String getTrust() {
    return trust;
  }

  public void setTrust(String trust) {
    this.trust = trust;
  }

  /** The correlation id header; {@code X-Correlation-ID} by default. */
  public String getCorrelationHeader() {
    return correlationHeader;
  }

  public void setCorrelationHeader(String correlationHeader) {
    this.correlationHeader = correlationHeader;
  }

  /**
   * Whether this application's runner also serves the static {@code Journeys} facade (default
   * {@code true}, so {@code Journeys.call(...)} exports through this application's SDK). Only the
   * first application context in the JVM that asks gets it.
   */
  public boolean isStaticRunner() {
    return staticRunner;
  }

  public void setStaticRunner(boolean staticRunner) {
    this.staticRunner = staticRunner;
  }
}
