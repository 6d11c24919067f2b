package com.techmart.cuj.servlet;

/**
 * The SLF4J MDC when SLF4J is on the class path, nothing otherwise: the dependency is optional, so
 * the filter must load without it.
 */
final class Mdc {

  private static final boolean PRESENT = present();

  private Mdc() {}

  /** Puts {@code value} under {@code key}; returns what to run to restore the previous value. */
  static Runnable put(String key, String value) {
    if (!PRESENT) {
      return () -> {};
    }
    return Slf4j.put(key, value);
  }

  private static boolean present() {
    try {
      Class.forName("org.slf4j.MDC", false, Mdc.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Touches SLF4J classes; loaded only when they are present. */
  private static final class Slf4j {
    static Runnable put(String key, String value) {
      String previous = org.slf4j.MDC.get(key);
      org.slf4j.MDC.put(key, value);
      return () -> {
        if (previous == null) {
          org.slf4j.MDC.remove(key);
        } else {
          org.slf4j.MDC.put(key, previous);
        }
      };
    }
  }
}
