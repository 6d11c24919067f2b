package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorrelationIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"abc-123-def", "7f3c2c5e-1f0b-4c1e-9a55-1d2b3c4d5e6f", "req:42.a_b"})
  void wellFormedIdIsKept(String id) {
    assertThat(CorrelationId.resolve(id)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "abc\r\nX-Admin: true", "<script>", "id with spaces", "ünïcode"})
  void malformedIdIsReplacedByAFreshOne(String id) {
    String resolved = CorrelationId.resolve(id);
    assertThat(resolved).isNotEqualTo(id);
    assertThat(CorrelationId.isValid(resolved)).isTrue();
  }

  @Test
  void overlongIdIsReplaced() {
    assertThat(CorrelationId.isValid("a".repeat(CorrelationId.MAX_LENGTH))).isTrue();
    assertThat(CorrelationId.resolve("a".repeat(CorrelationId.MAX_LENGTH + 1))).hasSize(36);
  }

  @Test
  void absentIdIsGeneratedAndEachIsNew() {
    assertThat(CorrelationId.resolve(null)).isNotEqualTo(CorrelationId.resolve(null));
  }

  @Test
  void rejectedValueIsDescribedNeverEchoed() {
    String attack = "x\r\n2026-11-22 INFO forged log line";
    String description = CorrelationId.describe(attack);
    assertThat(description).doesNotContain("forged").doesNotContain("\n").contains("control characters");
  }

  @Test
  void idTravelsInBaggageAndOnlyWhenValid() {
    Context ctx = CorrelationId.attach(Context.root(), "abc-123");
    assertThat(CorrelationId.fromContext(ctx)).contains("abc-123");
    assertThat(CorrelationId.fromContext(CorrelationId.attach(Context.root(), "bad\nid"))).isEmpty();
  }
}
