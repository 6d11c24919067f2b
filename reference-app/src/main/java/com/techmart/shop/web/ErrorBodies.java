package com.techmart.shop.web;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import com.techmart.shop.wire.WholeNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
      messages.add(withoutInternals(tidy(path == null || message.startsWith(path) ? message : path + ": " + message)));
    }
    String reason = response.getStatus().getReason();
    String message = messages.isEmpty() ? reason : messages.get(0);
    if (context.getRootCause().orElse(null) instanceof ConversionErrorException conversion) {
      message = describe(conversion);
      messages = List.of(message);
    }
    List<String> details = messages.size() > 1 ? messages : List.of();
    return typed.body(ApiError.of(status, reason, codeFor(status), message, details))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  /**
   * A body that is not JSON, or not the JSON this endpoint takes, or a path value of the wrong type,
   * said without the framework's internals (class names, parser state).
   */
  static String describe(ConversionErrorException e) {
    Throwable innermost = e;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      if (innermost instanceof WholeNumbers.NotAWholeNumber strict) {
        return strict.getMessage();
      }
      innermost = innermost.getCause();
    }
    if (innermost instanceof WholeNumbers.NotAWholeNumber strict) {
      return strict.getMessage();
    }
    String raw = String.valueOf(innermost.getMessage());
    String where = "";
    Matcher location = LOCATION.matcher(raw);
    if (location.find()) {
      where = " (line " + location.group(1) + ", column " + location.group(2) + ")";
    }
    String what = raw.split("\n", 2)[0];
    int cut = what.indexOf(" (start marker");
    if (cut > 0) {
      what = what.substring(0, cut);
    }
    what = withoutInternals(what.replaceAll("\\s*at \\[Source.*$", "").replaceAll("of type \\[class [^\\]]+\\]", ""));
    if (!e.getArgument().getAnnotationMetadata().hasAnnotation(Body.class)) {
      Object value = e.getConversionError().getOriginalValue().orElse("");
      String shown = String.valueOf(value);
      shown = shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
      return "'" + shown + "' is not a valid " + e.getArgument().getName();
    }
    return "the request body is not valid JSON for this request: " + what.trim() + where;
  }

  /**
   * A parser's message without the names of the parser's own code: "(1000, from
   * `StreamReadConstraints.getMaxNestingDepth()`)" says nothing to a client but which library
   * runs here.
   */
  static String withoutInternals(String message) {
    return message
        .replaceAll(",?\\s*from\\s*`[^`]*`", "")
        .replaceAll("`[^`]*`", "")
        .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:\\.[a-zA-Z_$][A-Za-z0-9_$]*)*(?:\\(\\))?", "a value")
        .replaceAll("\\b[A-Z][A-Za-z0-9]*(?:Constraints|Exception|Feature)\\b(?:\\.[a-zA-Z_$][A-Za-z0-9_$]*)*(?:\\(\\))?", "")
        .replaceAll("\\(\\s*\\)", "")
        .replaceAll("\\s{2,}", " ")
        .trim();
  }

  private static final Pattern LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");

  /** Drops the controller's parameter name from field paths: {@code items[0].quantity: ...}. */
  static String tidy(String message) {
    if (message.matches("/?request: Required Body \\[request\\] not specified")) {
      return "the request body is missing";
    }
    return message.replaceFirst("^/?request[.:] ?", "");
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
