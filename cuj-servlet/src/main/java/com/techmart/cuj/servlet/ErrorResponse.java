package com.techmart.cuj.servlet;

/**
 * Stands for a 5xx response that no exception explains, so the journey can end as an error with
 * a message saying which status it was. Carries no stack trace: there is nothing to trace.
 */
final class ErrorResponse extends Exception {

  private static final long serialVersionUID = 1L;

  ErrorResponse(int status) {
    super("the request was answered with HTTP " + status, null, false, false);
  }
}
