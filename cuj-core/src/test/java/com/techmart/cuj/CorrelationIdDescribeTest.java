package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorrelationIdDescribeTest {

  /** Line breaks that some log readers honour besides CR and LF (NEL, LS, PS) are flagged too. */
  @ParameterizedTest
  @ValueSource(strings = {"abc\u0085forged", "abc\u2028forged", "abc\u2029forged", "abc\u009bforged"})
  void otherLineBreaksCountAsControlCharacters(String attack) {
    assertThat(CorrelationId.isValid(attack)).isFalse();
    assertThat(CorrelationId.describe(attack)).contains("control characters").doesNotContain("forged");
  }
}
