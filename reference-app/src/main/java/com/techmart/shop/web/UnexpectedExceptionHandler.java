package com.techmart.shop.web;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort for exceptions no other handler claims. A database or downstream outage, found
 * anywhere in the cause chain, is a 503 the client may retry; a downstream 4xx that no caller
 * turned into its own answer is a 502 (this service asked wrongly, or the hop in between refused);
 * anything else is a 500 whose details stay in the log and the trace, not in the response.
 */
@Produces
@Singleton
public class UnexpectedExceptionHandler implements ExceptionHandler<RuntimeException, HttpResponse<ApiError>> {

  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);

  @Override
  public HttpResponse<ApiError> handle(HttpRequest request, RuntimeException e) {
    String outage = outage(e);
    if (outage != null) {
      LOG.warn("{} {}: {} ({})", request.getMethod(), request.getPath(), outage, rootCause(e));
      return HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(ApiError.of(503, HttpStatus.SERVICE_UNAVAILABLE.getReason(), "unavailable",
              outage + "; try again later", List.of()));
    }
    HttpClientResponseException refused = downstreamRefusal(e);
    if (refused != null) {
      LOG.warn("{} {}: a downstream service answered {} ({})", request.getMethod(), request.getPath(),
          refused.getStatus().getCode(), refused.getStatus().getReason());
      return HttpResponse.<ApiError>status(HttpStatus.BAD_GATEWAY)
          .body(ApiError.of(502, HttpStatus.BAD_GATEWAY.getReason(), "bad_gateway",
              "a downstream service refused the request; try again later", List.of()));
    }
    LOG.error("{} {} failed", request.getMethod(), request.getPath(), e);
    return HttpResponse.<ApiError>status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(ApiError.of(500, HttpStatus.INTERNAL_SERVER_ERROR.getReason(), "internal_error",
            "the request failed unexpectedly", List.of()));
  }

  /** What is unavailable, if {@code e} is an outage of a dependency; otherwise {@code null}. */
  static String outage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionException || t instanceof SQLException sql && isConnectionProblem(sql)) {
        return "the database is unavailable";
      }
      if (t instanceof HttpClientResponseException r) {
        return r.getStatus().getCode() >= 500 ? "a downstream service is unavailable" : null;
      }
      if (t instanceof HttpClientException || t instanceof ConnectException) {
        return "a downstream service is unreachable";
      }
    }
    return null;
  }

  /** The downstream 4xx behind {@code e}, if that is what it is. */
  static HttpClientResponseException downstreamRefusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpClientResponseException r && r.getStatus().getCode() >= 400 && r.getStatus().getCode() < 500) {
        return r;
      }
    }
    return null;
  }

  /**
   * Connection failures (SQLState class 08), the server shutting down (57P0x) or out of resources
   * (53xxx), the pool's time-out, a connection found closed: an outage. A syntax error or a
   * constraint violation is not.
   */
  static boolean isConnectionProblem(SQLException e) {
    if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null) {
      // The pool's and drivers' "Connection is closed" carry no SQLState.
      String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      return message.contains("connection") && message.contains("closed");
    }
    return state.startsWith("08") || state.startsWith("57P0") || state.startsWith("53");
  }

  static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
