package com.techmart.shop.api;

import com.techmart.shop.wire.PaymentsApi.ChargeRequest;
import com.techmart.shop.wire.PaymentsApi.PaymentView;
import com.techmart.shop.wire.PaymentsApi.RefundRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;

/** The payments service, at {@code micronaut.http.services.payments.url}. */
@Client(id = "payments")
public interface PaymentsClient {

  @Post("/charge")
  PaymentView charge(@Body ChargeRequest request);

  @Post("/refund")
  PaymentView refund(@Body RefundRequest request);
}
