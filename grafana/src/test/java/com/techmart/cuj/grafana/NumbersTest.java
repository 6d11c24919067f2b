package com.techmart.cuj.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
