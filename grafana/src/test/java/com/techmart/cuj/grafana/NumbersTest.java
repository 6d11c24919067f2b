package com.techmart.cuj.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The numbers written into queries are the catalogue's decimals, not binary floating-point noise. */
class NumbersTest {

  @Test
  void errorBudgetsAreExactDecimals() {
    assertThat(Numbers.plain(Numbers.errorBudget(99.9))).isEqualTo("0.001");
    assertThat(Numbers.plain(Numbers.errorBudget(99.95))).isEqualTo("0.0005");
    assertThat(Numbers.plain(Numbers.errorBudget(99.99))).isEqualTo("0.0001");
    assertThat(Numbers.plain(Numbers.errorBudget(98))).isEqualTo("0.02");
    assertThat(Numbers.plain(Numbers.percent(Numbers.errorBudget(99.5)))).isEqualTo("0.5");
    assertThat(Numbers.plain(Numbers.allowedSlowRatio(99.9))).isEqualTo("0.001");
    assertThat(Numbers.plain(Numbers.quantile(95))).isEqualTo("0.95");
    assertThat(Numbers.plain(100.0)).isEqualTo("100");
  }

  @Test
  void durationsUseTheirLargestWholeUnit() {
    assertThat(Numbers.promDuration(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(Numbers.promDuration(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Numbers.promDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Numbers.humanDuration(Duration.ofMillis(500))).isEqualTo("500 ms");
    assertThat(Numbers.humanDuration(Duration.ofSeconds(10))).isEqualTo("10 s");
    assertThat(Numbers.plain(Numbers.millis(Duration.ofSeconds(10)))).isEqualTo("10000");
  }

  @Test
  void leMatcherAcceptsBothSpellingsOfABound() {
    assertThat(Queries.leRegex(Numbers.millis(Duration.ofMillis(500)))).isEqualTo("500([.]0)?");
    assertThat(Queries.leRegex(new java.math.BigDecimal("2.5"))).isEqualTo("2[.]5");
  }

  /** Every spelling a pipeline may write, matched: plain, Prometheus 3's ".0", Go's %g from 1e6 on. */
  @Test
  void leMatcherAcceptsTheExponentFormOfLargeBounds() {
    java.util.regex.Pattern le = java.util.regex.Pattern.compile(Queries.leRegex(new java.math.BigDecimal("1800000")));
    assertThat(List.of("1800000", "1800000.0", "1.8e+06")).allMatch(v -> le.matcher(v).matches());
    assertThat(List.of("180000", "1.8e+05", "18000000")).noneMatch(v -> le.matcher(v).matches());
    assertThat(Queries.goShortestG(new java.math.BigDecimal("1000000"))).isEqualTo("1e+06");
    assertThat(Queries.goShortestG(new java.math.BigDecimal("30000"))).isEqualTo("30000");
    assertThat(Queries.goShortestG(new java.math.BigDecimal("0.00001"))).isEqualTo("1e-05");
  }

  /** Sloth's factors: budget share x SLO window / long window, for the windows teams pick. */
  @Test
  void burnFactorsFollowTheSloWindow() {
    java.math.BigDecimal pageShare = new java.math.BigDecimal("0.02");
    java.math.BigDecimal ticketShare = new java.math.BigDecimal("0.10");
    assertThat(Numbers.plain(Numbers.burnFactor(pageShare, Duration.ofDays(30), Duration.ofHours(1)))).isEqualTo("14.4");
    assertThat(Numbers.plain(Numbers.burnFactor(pageShare, Duration.ofDays(7), Duration.ofHours(1)))).isEqualTo("3.36");
    assertThat(Numbers.plain(Numbers.burnFactor(pageShare, Duration.ofDays(28), Duration.ofHours(1)))).isEqualTo("13.44");
    assertThat(Numbers.plain(Numbers.burnFactor(ticketShare, Duration.ofDays(7), Duration.ofDays(3)))).isEqualTo("0.2333");
    assertThat(Numbers.plain(Numbers.burnFactor(ticketShare, Duration.ofDays(30), Duration.ofDays(3)))).isEqualTo("1");
    assertThat(Numbers.humanSpan(Duration.ofHours(50))).isEqualTo("2d2h");
  }
}
