package com.techmart.cuj.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.CorrelationId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The MDC holds the id exactly while a request's context is active, however deep the nesting. */
class CorrelationIdMdcTest {

  @AfterEach
  void clear() {
    MDC.remove(CorrelationId.MDC_KEY);
  }

  @Test
  void nestedPropagationsOfTheSameRequestLeaveTheIdUntilTheOutermostEnds() {
    CorrelationIdMdc request = new CorrelationIdMdc("req-1");

    String outer = request.updateThreadContext();
    String inner = request.updateThreadContext();
    assertThat(MDC.get(CorrelationId.MDC_KEY)).isEqualTo("req-1");
    request.restoreThreadContext(inner);
    assertThat(MDC.get(CorrelationId.MDC_KEY)).as("after the inner scope").isEqualTo("req-1");
    request.restoreThreadContext(outer);

    assertThat(MDC.get(CorrelationId.MDC_KEY)).as("after the outer scope").isNull();
  }

  @Test
  void anotherRequestsIdIsRestoredAfterThisOneOnTheSameThread() {
    MDC.put(CorrelationId.MDC_KEY, "req-0");
    CorrelationIdMdc request = new CorrelationIdMdc("req-1");

    String previous = request.updateThreadContext();
    assertThat(MDC.get(CorrelationId.MDC_KEY)).isEqualTo("req-1");
    request.restoreThreadContext(previous);

    assertThat(MDC.get(CorrelationId.MDC_KEY)).isEqualTo("req-0");
  }
}
