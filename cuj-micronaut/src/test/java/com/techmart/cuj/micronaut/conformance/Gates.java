package com.techmart.cuj.micronaut.conformance;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a handler until the test has closed the client's connection: the handler then answers
 * a client that is gone.
 */
@Singleton
@Requires(property = "test.role", value = "conformance")
class Gates {

  private volatile CountDownLatch entered = new CountDownLatch(1);
  private volatile CompletableFuture<Void> open = new CompletableFuture<>();

  /** Called by the handler: says it is there and returns what opens when the test says so. */
  CompletableFuture<Void> enter() {
    entered.countDown();
    return open;
  }

  void enterAndWait() throws Exception {
    enter().get(30, TimeUnit.SECONDS);
  }

  /** Called by the test before the request. */
  void reset() {
    entered = new CountDownLatch(1);
    open = new CompletableFuture<>();
  }

  boolean awaitEntered() throws InterruptedException {
    return entered.await(30, TimeUnit.SECONDS);
  }

  void open() {
    open.complete(null);
  }
}
