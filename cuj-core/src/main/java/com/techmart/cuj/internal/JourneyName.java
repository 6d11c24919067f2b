package com.techmart.cuj.internal;

import java.util.regex.Pattern;

/**
 * The rules a journey name obeys: lowercase kebab-case, starting with a letter, at most
 * {@value #MAX_LENGTH} characters. Names become span names ({@code cuj.<name>}), baggage values
 * and metric label values, so they are kept short and safe everywhere.
 *
 * <pre>{@code
 * JourneyName.validate("checkout");          // returns "checkout"
 * JourneyName.validate("Checkout");          // IllegalArgumentException naming the rule
 * }</pre>
 */
public final class JourneyName {

  /** Longest accepted name; also the length bound applied to incoming baggage values. */
  public static final int MAX_LENGTH = 63;

  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  private JourneyName() {}

  /** Whether {@code name} is a valid journey name. Never throws; {@code null} is not valid. */
  public static boolean isValid(String name) {
    return name != null
        && !name.isEmpty()
        && name.length() <= MAX_LENGTH
        && KEBAB.matcher(name).matches();
  }

  /**
   * Returns {@code name} unchanged when valid.
   *
   * @throws IllegalArgumentException saying which rule the name breaks
   */
  public static String validate(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return name;
  }

  /** The rule {@code name} breaks, or {@code null} when it is valid. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "journey name is empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "journey name is " + name.length() + " characters long; at most " + MAX_LENGTH
          + " are allowed";
    }
    if (!KEBAB.matcher(name).matches()) {
      return "journey name '" + printable(name) + "' is not lowercase kebab-case starting with a"
          + " letter (for example 'checkout' or 'order-lookup')";
    }
    return null;
  }

  /** Renders untrusted text safely for an error message: control characters escaped, bounded. */
  public static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), 80));
    for (int i = 0; i < s.length() && out.length() < 80; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (out.length() >= 80 && s.length() > 80) {
      out.append("...");
    }
    return out.toString();
  }
}
