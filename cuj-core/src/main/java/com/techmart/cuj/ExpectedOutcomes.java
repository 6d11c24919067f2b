package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyName;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a journey declares as expected: neither good nor bad ({@code cuj.outcome=expected}, status
 * OK, no error budget burnt). Declared in the catalogue (version 2) or in code:
 *
 * <pre>{@code
 * expected:
 *   exceptions: [com.techmart.shop.api.OutOfStockException]   # subclasses match too
 *   statuses: [404, 409]                                       # HTTP handler journeys only
 * }</pre>
 *
 * <p>Exception types are kept as class names, never loaded: one catalogue is shared by services
 * that do not all have every class, and a name must not make a service load arbitrary classes.
 */
public final class ExpectedOutcomes {

  private static final ExpectedOutcomes NONE = new ExpectedOutcomes(Set.of(), Set.of());
  private static final Pattern CLASS_NAME = Pattern.compile(
      "(?:[\\p{L}_$][\\p{L}\\p{N}_$]*\\.)+[\\p{L}_$][\\p{L}\\p{N}_$]*");

  private final Set<String> exceptions;
  private final Set<Integer> statuses;

  private ExpectedOutcomes(Set<String> exceptions, Set<Integer> statuses) {
    this.exceptions = exceptions;
    this.statuses = statuses;
  }

  /** Nothing declared. */
  public static ExpectedOutcomes none() {
    return NONE;
  }

  /**
   * Expected outcomes from fully qualified exception class names and HTTP statuses.
   *
   * @throws IllegalArgumentException naming the first value that is not a fully qualified class
   *     name, or not an HTTP error status (400 to 599)
   */
  public static ExpectedOutcomes of(Collection<String> exceptions, Collection<Integer> statuses) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : exceptions) {
      names.add(checkClassName(name));
    }
    Set<Integer> codes = new LinkedHashSet<>();
    for (Integer status : statuses) {
      codes.add(checkStatus(status));
    }
    if (names.isEmpty() && codes.isEmpty()) {
      return NONE;
    }
    return new ExpectedOutcomes(
        Collections.unmodifiableSet(names), Collections.unmodifiableSet(codes));
  }

  static String checkClassName(String name) {
    if (name == null || !CLASS_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("expected exception '" + JourneyName.printable(String.valueOf(name))
          + "' is not a fully qualified class name such as com.example.shop.OutOfStockException");
    }
    return name;
  }

  static int checkStatus(Integer status) {
    // Only error statuses: a 2xx or 3xx is already a success, and listing it would hide nothing
    // but would suggest it does.
    if (status == null || status < 400 || status > 599) {
      throw new IllegalArgumentException("expected status " + status
          + " is not an HTTP error status (400 to 599), e.g. 404 or 409");
    }
    return status;
  }

  /** Fully qualified exception class names, in declaration order. */
  public Set<String> exceptions() {
    return exceptions;
  }

  /** HTTP statuses (400 to 599), in declaration order. */
  public Set<Integer> statuses() {
    return statuses;
  }

  public boolean isEmpty() {
    return exceptions.isEmpty() && statuses.isEmpty();
  }

  /** Whether {@code error}'s class, a superclass or an interface of it is listed. */
  public boolean matches(Throwable error) {
    if (error == null || exceptions.isEmpty()) {
      return false;
    }
    for (Class<?> c = error.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
      if (exceptions.contains(c.getName()) || matchesInterface(c)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesInterface(Class<?> type) {
    for (Class<?> i : type.getInterfaces()) {
      if (exceptions.contains(i.getName()) || matchesInterface(i)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the HTTP {@code status} is listed. */
  public boolean matchesStatus(int status) {
    return statuses.contains(status);
  }

  /** These outcomes plus {@code other}'s. */
  ExpectedOutcomes plus(ExpectedOutcomes other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    Set<String> names = new LinkedHashSet<>(exceptions);
    names.addAll(other.exceptions);
    Set<Integer> codes = new LinkedHashSet<>(statuses);
    codes.addAll(other.statuses);
    return new ExpectedOutcomes(Collections.unmodifiableSet(names), Collections.unmodifiableSet(codes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExpectedOutcomes that
        && exceptions.equals(that.exceptions) && statuses.equals(that.statuses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(exceptions, statuses);
  }

  @Override
  public String toString() {
    return "ExpectedOutcomes{exceptions=" + exceptions + ", statuses=" + statuses + "}";
  }
}
