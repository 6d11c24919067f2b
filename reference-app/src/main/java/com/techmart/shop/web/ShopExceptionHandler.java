package com.techmart.shop.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a {@link ShopException} into its status and {@link ApiError} body. */
@Produces
@Singleton
public class ShopExceptionHandler implements ExceptionHandler<ShopException, HttpResponse<ApiError>> {

  private static final Logger LOG = LoggerFactory.getLogger(ShopExceptionHandler.class);

  @Override
  public HttpResponse<ApiError> handle(HttpRequest request, ShopException e) {
    if (e.status().getCode() >= 500) {
      LOG.warn("{} {} failed: {} ({})", request.getMethod(), request.getPath(), e.getMessage(),
          e.getCause() == null ? e.code() : e.getCause().toString());
    }
    return HttpResponse.<ApiError>status(e.status())
        .body(ApiError.of(e.status().getCode(), e.status().getReason(), e.code(), e.getMessage(), e.details()));
  }
}
