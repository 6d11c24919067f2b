package com.techmart.cuj;

/**
 * A journey catalogue could not be loaded or built. The message names where the problem is (the
 * file, the journey, the key) and what is wrong, e.g.
 * {@code journeys.yaml: journey 'checkout': slo.availability must be a percentage ... was 120}.
 */
public final class InvalidCatalogueException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String source;

  /** {@code source} names the file or resource; the message says what is wrong in it. */
  public InvalidCatalogueException(String source, String message, Throwable cause) {
    super(source + ": " + message, cause);
    this.source = source;
  }

  /** The file or resource the catalogue came from, or {@code "<code>"} when built in code. */
  public String source() {
    return source;
  }
}
