package com.techmart.cuj.testing.conformance;

/** The exception the conformance catalogue declares expected for journey checkout (format version 2). */
public class CatalogueDeclaredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogueDeclaredException(String message) {
    super(message);
  }
}
