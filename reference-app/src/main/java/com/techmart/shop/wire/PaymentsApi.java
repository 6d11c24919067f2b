package com.techmart.shop.wire;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** The payments service's request and response bodies. */
public final class PaymentsApi {

  private PaymentsApi() {}

  /** The payment methods TechMart takes; also the values of the {@code payment_method} metric label. */
  public static final String METHODS = "card|paypal|gift-card";

  @Serdeable
  @Introspected
  public record ChargeRequest(
      @NotNull UUID orderId,
      @Serdeable.Deserializable(using = WholeNumbers.Long64.class) @NotNull @Positive Long amountCents,
      @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
      @NotNull @Pattern(regexp = METHODS) String method,
      @Nullable @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_]*") String token) {}

  @Serdeable
  @Introspected
  public record RefundRequest(@NotNull UUID orderId) {}

  /**
   * The state of an order's payment after a refund request. {@code refundedNow} is true for the one
   * request that turned a capture into a refund (so a refund is counted once however often it is
   * asked for); {@code VOIDED} means no charge had arrived, and none will be taken.
   */
  @Serdeable
  public record RefundResult(UUID orderId, String status, boolean refundedNow, @Nullable String method,
                             @Nullable Long amountCents) {}

  @Serdeable
  public record PaymentView(UUID orderId, String paymentId, String status, long amountCents, String currency,
                            @Nullable String declineReason) {}
}
