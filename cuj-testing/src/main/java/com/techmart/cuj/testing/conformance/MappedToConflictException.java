package com.techmart.cuj.testing.conformance;

/** Thrown by a handler; the harness's exception handler answers it with 409 Conflict. */
public class MappedToConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MappedToConflictException(String message) {
    super(message);
  }
}
