package com.techmart.shop.wire;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** The inventory service's request and response bodies. */
public final class InventoryApi {

  private InventoryApi() {}

  @Serdeable
  @Introspected
  public record Line(
      @Serdeable.Deserializable(using = WholeNumbers.Long64.class) @NotNull @Positive Long productId,
      @Serdeable.Deserializable(using = WholeNumbers.Int.class) @NotNull @Min(1) @Max(1000) Integer quantity) {}

  @Serdeable
  @Introspected
  public record ReserveRequest(@NotNull UUID orderId, @NotEmpty @Size(max = 50) List<@Valid @NotNull Line> items) {}

  @Serdeable
  @Introspected
  public record OrderRef(@NotNull UUID orderId) {}

  @Serdeable
  public record ReservationView(UUID orderId, String status, List<Line> items) {}

  @Serdeable
  public record StockLevel(long productId, int available) {}
}
