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
      @NotNull @Positive Long amountCents,
      @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
      @NotNull @Pattern(regexp = METHODS) String method,
      @Nullable @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_]*") String token) {}

  @Serdeable
  @Introspected
  public record RefundRequest(@NotNull UUID orderId) {}

  @Serdeable
  public record PaymentView(UUID orderId, String paymentId, String status, long amountCents, String currency,
                            @Nullable String declineReason) {}
}
