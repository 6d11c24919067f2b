package com.techmart.cuj;

import com.techmart.cuj.spi.CujSetup;
/**
 * A {@code cuj.*} setting or the catalogue it names is wrong and the service opted into failing at
 * start-up ({@code cuj.fail-fast=true}). The message is one line naming the setting, the file and
 * the problem.
 */
public final class CujConfigurationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final String reason;

  /** Thrown by {@code CujSetup} in fail-fast mode for the first problem it found. */
  public CujConfigurationException(CujSetup.Problem problem, Throwable cause) {
    super(problem.describe(), cause);
    this.key = problem.key();
    this.reason = problem.reason();
  }

  /** The setting at fault, e.g. {@code cuj.catalogue}. */
  public String key() {
    return key;
  }

  /** The bounded reason also counted on {@value CujSetup#CONFIG_ERRORS}, e.g. {@code catalogue_invalid}. */
  public String reason() {
    return reason;
  }
}
