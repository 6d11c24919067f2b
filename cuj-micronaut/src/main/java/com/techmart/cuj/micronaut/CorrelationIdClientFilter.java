package com.techmart.cuj.micronaut;

import com.techmart.cuj.CorrelationId;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.ClientFilterChain;
import io.micronaut.http.filter.HttpClientFilter;
import org.reactivestreams.Publisher;

/**
 * Sends the current request's correlation id on outgoing Micronaut HTTP client calls, next to the
 * baggage that micronaut-tracing's client filter injects. A header set by the caller wins.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
final class CorrelationIdClientFilter implements HttpClientFilter {

  private final JourneySettings settings;

  CorrelationIdClientFilter(JourneySettings settings) {
    this.settings = settings;
  }

  @Override
  public Publisher<? extends HttpResponse<?>> doFilter(MutableHttpRequest<?> request, ClientFilterChain chain) {
    if (settings.enabled() && !request.getHeaders().contains(settings.correlationHeader())) {
      CorrelationId.current().ifPresent(id -> request.header(settings.correlationHeader(), id));
    }
    return chain.proceed(request);
  }
}
