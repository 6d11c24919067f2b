package com.techmart.shop.web;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the framework's own errors (malformed JSON, constraint violations, unknown routes, a body
 * over the size limit) the same {@link ApiError} body as the services' errors, so a client parses
 * one shape.
 */
@Singleton
public class ErrorBodies implements ErrorResponseProcessor<ApiError> {

  @Override
  public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    @SuppressWarnings("unchecked")
    MutableHttpResponse<ApiError> typed = (MutableHttpResponse<ApiError>) response;
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return typed;
    }
    int status = response.getStatus().getCode();
    List<String> messages = new ArrayList<>();
    for (Error error : context.getErrors()) {
      String path = error.getPath().orElse(null);
      String message = error.getMessage();
      messages.add(path == null || message.startsWith(path) ? message : path + ": " + message);
    }
    String reason = response.getStatus().getReason();
    String message = messages.isEmpty() ? reason : messages.get(0);
    List<String> details = messages.size() > 1 ? messages : List.of();
    return typed.body(ApiError.of(status, reason, codeFor(status), message, details))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  static String codeFor(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "request_too_large";
      case 415 -> "unsupported_media_type";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal_error" : "http_" + status;
    };
  }
}
