package com.techmart.cuj.testing.conformance;

/** A checked exception a scenario's body throws; nothing declares it expected. */
public final class ScenarioCheckedException extends Exception {
  private static final long serialVersionUID = 1L;

  public ScenarioCheckedException(String message) {
    super(message);
  }
}
