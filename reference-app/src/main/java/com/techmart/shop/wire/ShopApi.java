package com.techmart.shop.wire;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The public api's request and response bodies (what shoppers' browsers and apps send). */
public final class ShopApi {

  private ShopApi() {}

  /** Most distinct products one order may hold. */
  public static final int MAX_ITEMS = 20;
  /** Most units of one product one order may hold. */
  public static final int MAX_QUANTITY = 10;

  @Serdeable
  public record ProductView(long id, String sku, String name, String description, long priceCents,
                            String currency, int available) {}

  @Serdeable
  @Introspected
  public record OrderItem(
      @Serdeable.Deserializable(using = WholeNumbers.Long64.class) @NotNull @Positive Long productId,
      @Serdeable.Deserializable(using = WholeNumbers.Int.class) @NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity) {}

  /**
   * {@code POST /api/orders}. {@code paymentToken} is what the payment form produced; the
   * simulated gateway reads test tokens such as {@code tok_decline} (see the README).
   */
  @Serdeable
  @Introspected
  public record PlaceOrderRequest(
      @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._:-]*") String customerId,
      @NotEmpty @Size(max = MAX_ITEMS) List<@Valid @NotNull OrderItem> items,
      @NotNull @Pattern(regexp = PaymentsApi.METHODS) String paymentMethod,
      @Nullable @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_]*") String paymentToken) {}

  @Serdeable
  public record OrderLineView(long productId, int quantity, long unitPriceCents) {}

  @Serdeable
  public record OrderView(UUID orderId, String status, String customerId, String paymentMethod, long totalCents,
                          String currency, List<OrderLineView> items, @Nullable Instant acceptedAt,
                          @Nullable Instant confirmedAt) {}
}
