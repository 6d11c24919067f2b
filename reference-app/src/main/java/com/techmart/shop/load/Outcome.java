package com.techmart.shop.load;

/**
 * What one request of a traffic run saw, from the client's side.
 *
 * @param journey the journey the request belongs to
 * @param request e.g. {@code POST /api/orders}
 * @param status the HTTP status, or 0 when no response arrived
 * @param nanos how long the client waited
 * @param startNanos when it was sent, relative to the start of the run
 * @param traceId the trace id the client put in {@code traceparent}: look the request up by it
 * @param correlationId the {@code X-Correlation-ID} the client sent
 * @param detail the error code or message of a failed request, else empty
 */
public record Outcome(String journey, String request, int status, long nanos, long startNanos, String traceId,
                      String correlationId, String detail) {

  /** A failure the service is accountable for: a 5xx, or no answer at all. */
  public boolean failed() {
    return status == 0 || status >= 500;
  }

  /** A 4xx: bad input or a business outcome (declined, out of stock, not found). */
  public boolean refused() {
    return status >= 400 && status < 500;
  }
}
