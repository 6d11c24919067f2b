package com.techmart.cuj.micronaut;

import com.techmart.cuj.CorrelationId;
import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import org.slf4j.MDC;

/**
 * Puts the request's correlation id in the logging MDC wherever the request's propagated context is
 * active (event loop, blocking executor, reactive continuations), and restores what was there.
 */
record CorrelationIdMdc(String id) implements ThreadPropagatedContextElement<String> {

  @Override
  public String updateThreadContext() {
    String previous = MDC.get(CorrelationId.MDC_KEY);
    // A request's context is propagated many times on the same thread (filters, reactive
    // continuations, the client call): when the id is already there, touch nothing.
    if (!id.equals(previous)) {
      MDC.put(CorrelationId.MDC_KEY, id);
    }
    return previous;
  }

  @Override
  public void restoreThreadContext(String previous) {
    if (id.equals(previous)) {
      return;
    }
    if (previous == null) {
      MDC.remove(CorrelationId.MDC_KEY);
    } else {
      MDC.put(CorrelationId.MDC_KEY, previous);
    }
  }
}
