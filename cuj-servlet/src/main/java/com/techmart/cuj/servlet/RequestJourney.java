package com.techmart.cuj.servlet;

import com.techmart.cuj.spi.HttpIngress;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's journey state, from the filter's entry to the response: the context the
 * application runs in, the journey started for the route (if any), and the server span when the
 * filter created it (library mode). Ends exactly once, when the request is over: right after the
 * filter chain for a synchronous request, at {@code onComplete} for an async one.
 */
final class RequestJourney implements AsyncListener {

  /** The filter's own server span (library mode), ended by the instrumenter that started it. */
  record OwnServerSpan(Instrumenter<ServerSpans.ServerRequest, Integer> instrumenter, Context context,
      ServerSpans.ServerRequest request) {}

  private final Context context;
  private final HttpIngress.Request ingress;
  private final OwnServerSpan ownServerSpan;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile Throwable asyncError;

  RequestJourney(Context context, HttpIngress.Request ingress, OwnServerSpan ownServerSpan) {
    this.context = context;
    this.ingress = ingress;
    this.ownServerSpan = ownServerSpan;
  }

  Context context() {
    return context;
  }

  String correlationId() {
    return ingress.correlationId();
  }

  /**
   * Ends the journey, then the filter's own server span. {@code error} is what escaped the chain
   * (or the async cycle); a 5xx response without one still fails the journey, a 4xx ends it as an
   * expected outcome ({@code cuj.outcome.type=http.<status>}).
   */
  void finish(int status, Throwable error) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    ingress.end(status, error, false);
    if (ownServerSpan != null) {
      ownServerSpan.instrumenter().end(ownServerSpan.context(), ownServerSpan.request(), status, error);
    }
  }

  /**
   * The status the client gets: a request that threw before committing is answered with the status
   * the exception carries for the container (Jetty's {@code HttpException}, the servlet API's
   * {@code UnavailableException}), else 500.
   */
  static int status(ServletResponse response, Throwable error) {
    if (!(response instanceof HttpServletResponse)) {
      return error == null ? 200 : 500;
    }
    HttpServletResponse http = (HttpServletResponse) response;
    if (error != null && !http.isCommitted()) {
      return containerStatus(error);
    }
    return http.getStatus();
  }

  private static int containerStatus(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof jakarta.servlet.UnavailableException) {
        return 503;
      }
      for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
        for (Class<?> type : c.getInterfaces()) {
          if (type.getName().equals("org.eclipse.jetty.http.HttpException")) {
            try {
              Object code = type.getMethod("getCode").invoke(t);
              return code instanceof Integer s && s >= 400 && s <= 599 ? s : 500;
            } catch (ReflectiveOperationException | RuntimeException e) {
              return 500;
            }
          }
        }
      }
      if (!(t instanceof jakarta.servlet.ServletException)) {
        break;
      }
    }
    return 500;
  }

  // --- async: the request is over at onComplete, whatever happened before

  void rememberAsyncError(Throwable error) {
    if (asyncError == null) {
      asyncError = error;
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    ServletResponse response = event.getSuppliedResponse() != null
        ? event.getSuppliedResponse()
        : event.getAsyncContext().getResponse();
    Throwable error = asyncError;
    finish(status(response, null), error);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    long timeout = event.getAsyncContext() == null ? -1 : event.getAsyncContext().getTimeout();
    rememberAsyncError(new TimeoutException("async request timed out after " + timeout + " ms"));
  }

  @Override
  public void onError(AsyncEvent event) {
    Throwable t = event.getThrowable();
    rememberAsyncError(t != null ? t : new IllegalStateException("async request failed"));
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // A new async cycle on the same request: keep listening until it really completes.
    event.getAsyncContext().addListener(this);
  }
}
