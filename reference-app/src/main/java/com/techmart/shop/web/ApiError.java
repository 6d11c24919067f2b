package com.techmart.shop.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The JSON body of every error response of every TechMart service, framework errors included:
 * {@code {"status":400,"error":"Bad Request","code":"invalid_request","message":"...","details":[...]}}.
 *
 * @param status the HTTP status code
 * @param error the HTTP reason phrase
 * @param code a stable, machine-readable code, e.g. {@code out_of_stock}
 * @param message one sentence for a human
 * @param details further findings, e.g. one per invalid field; may be empty
 */
@Serdeable
public record ApiError(int status, String error, String code, String message, List<String> details) {

  public ApiError {
    details = details == null ? List.of() : List.copyOf(details);
  }

  public static ApiError of(int status, String error, String code, String message, @Nullable List<String> details) {
    return new ApiError(status, error, code, message, details);
  }
}
