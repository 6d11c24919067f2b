package com.techmart.cuj.testing.conformance;

/** The exception a conformance journey declares as an expected outcome (like "out of stock"). */
public class DeclaredOutcomeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeclaredOutcomeException(String message) {
    super(message);
  }
}
