package com.techmart.cuj;

/**
 * A journey body without a result that may throw {@code E}, which reaches the caller unchanged.
 *
 * @param <E> the checked exception the body may throw (use {@link RuntimeException} for none)
 */
@FunctionalInterface
public interface JourneyRunnable<E extends Throwable> {
  void run() throws E;
}
