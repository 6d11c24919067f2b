package com.techmart.cuj;

/**
 * A journey body that returns a value and may throw {@code E}, which reaches the caller unchanged.
 *
 * @param <T> the result type
 * @param <E> the checked exception the body may throw (use {@link RuntimeException} for none)
 */
@FunctionalInterface
public interface JourneyCallable<T, E extends Throwable> {
  T call() throws E;
}
