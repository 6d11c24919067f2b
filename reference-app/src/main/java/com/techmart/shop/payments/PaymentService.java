package com.techmart.shop.payments;

import com.techmart.shop.web.PaymentDeclinedException;
import com.techmart.shop.wire.PaymentsApi.ChargeRequest;
import com.techmart.shop.wire.PaymentsApi.PaymentView;
import com.techmart.shop.wire.PaymentsApi.RefundResult;
import com.techmart.shop.web.ShopException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Charges and refunds, at most once per order id. */
@Singleton
public class PaymentService {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PaymentService.class);

  private final PaymentRepository payments;
  private final PaymentGateway gateway;
  private final JdbcOperations jdbc;

  public PaymentService(PaymentRepository payments, PaymentGateway gateway, JdbcOperations jdbc) {
    this.payments = payments;
    this.gateway = gateway;
    this.jdbc = jdbc;
  }

  /**
   * Charges the order, or returns the outcome of the first charge of this order id: a retried
   * request never charges twice. A decline is stored (and answered again on retry); a gateway
   * failure is not, so a retry tries again.
   *
   * @throws PaymentDeclinedException if the gateway declined (now or on the first attempt)
   * @throws GatewayUnavailableException if the gateway failed
   */
  @Transactional(noRollbackFor = PaymentDeclinedException.class)
  public PaymentView charge(ChargeRequest request) {
    lockOrder(request.orderId());
    Optional<Payment> existing = payments.findById(request.orderId());
    if (existing.isPresent()) {
      Payment p = existing.get();
      if (Payment.REFUNDED.equals(p.status()) || Payment.VOIDED.equals(p.status())) {
        // The api gave up on this order and undid it: a late or repeated charge must not take money.
        throw new ShopException(HttpStatus.CONFLICT, "payment_cancelled",
            "the payment of order " + request.orderId() + " was " + p.status().toLowerCase() + "; it is not charged again");
      }
      if (p.amountCents() == null || p.amountCents() != request.amountCents().longValue() || !p.currency().equals(request.currency())) {
        throw new ShopException(HttpStatus.CONFLICT, "payment_mismatch",
            "order " + request.orderId() + " was charged before with a different amount");
      }
      return outcome(p);
    }
    PaymentGateway.Answer answer = gateway.charge(request.method(), request.token(), request.amountCents());
    Instant now = Instant.now();
    Payment payment = payments.save(new Payment(
        request.orderId(),
        "pay_" + UUID.randomUUID().toString().replace("-", ""),
        answer.approved() ? Payment.CAPTURED : Payment.DECLINED,
        request.method(),
        request.amountCents(),
        request.currency(),
        answer.declineReason(),
        now,
        now));
    if (!answer.approved()) {
      // A business event worth a line: the order id is a parsed UUID and the reason one of the
      // gateway's fixed codes, so nothing of the request reaches the log raw.
      LOG.info("charge for order {} declined: {}", request.orderId(), answer.declineReason());
    }
    return outcome(payment);
  }

  /**
   * Refunds a captured payment; refunding twice, or a declined payment, changes nothing. An order
   * with no payment yet is voided, so a charge still on its way is refused when it arrives.
   */
  @Transactional
  public RefundResult refund(UUID orderId) {
    lockOrder(orderId);
    boolean refundedNow = payments.refund(orderId) == 1;
    if (!refundedNow) {
      payments.voidUnpaid(orderId, "void_" + UUID.randomUUID().toString().replace("-", ""));
    }
    Payment p = payments.findById(orderId).orElseThrow();
    return new RefundResult(orderId, p.status(), refundedNow, p.method(), p.amountCents());
  }

  /**
   * Serialises everything done for one order id until the transaction ends, so two concurrent
   * charges of the same order reach the gateway once.
   */
  private void lockOrder(UUID orderId) {
    jdbc.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", statement -> {
      statement.setString(1, orderId.toString());
      statement.executeQuery().close();
      return null;
    });
  }

  private static PaymentView outcome(Payment p) {
    if (Payment.DECLINED.equals(p.status())) {
      throw new PaymentDeclinedException(p.declineReason());
    }
    return view(p);
  }

  private static PaymentView view(Payment p) {
    return new PaymentView(p.orderId(), p.paymentId(), p.status(), p.amountCents(), p.currency(), p.declineReason());
  }
}
