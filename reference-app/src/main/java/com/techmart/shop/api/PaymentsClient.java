package com.techmart.shop.api;

import com.techmart.shop.wire.PaymentsApi.ChargeRequest;
import com.techmart.shop.wire.PaymentsApi.PaymentView;
import com.techmart.shop.wire.PaymentsApi.RefundRequest;
import com.techmart.shop.wire.PaymentsApi.RefundResult;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;

/** The payments service, at {@code micronaut.http.services.payments.url}. */
@Client(id = "payments")
public interface PaymentsClient {

  @Post("/charge")
  PaymentView charge(@Body ChargeRequest request);

  /** Idempotent; voids the order's payment when no charge has arrived yet. */
  @Post("/refund")
  RefundResult refund(@Body RefundRequest request);
}
