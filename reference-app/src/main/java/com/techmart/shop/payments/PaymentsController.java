package com.techmart.shop.payments;

import com.techmart.cuj.NotAJourney;
import com.techmart.shop.wire.PaymentsApi.ChargeRequest;
import com.techmart.shop.wire.PaymentsApi.PaymentView;
import com.techmart.shop.wire.PaymentsApi.RefundRequest;
import com.techmart.shop.wire.PaymentsApi.RefundResult;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.Valid;

/** The payments service's HTTP interface, called by the api. */
@NotAJourney("an internal service: each call runs inside the caller's journey, which arrives in baggage")
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class PaymentsController {

  private final PaymentService payments;

  public PaymentsController(PaymentService payments) {
    this.payments = payments;
  }

  /**
   * 200 with the captured payment; 402 {@code payment_declined}; 409 {@code payment_cancelled} when
   * the order's payment was refunded or voided already; 503 when the gateway fails.
   */
  @Post("/charge")
  public PaymentView charge(@Valid @Body ChargeRequest request) {
    return payments.charge(request);
  }

  /** 200 with the payment's state: REFUNDED, DECLINED, or VOIDED when no charge had arrived. */
  @Post("/refund")
  public RefundResult refund(@Valid @Body RefundRequest request) {
    return payments.refund(request.orderId());
  }
}
