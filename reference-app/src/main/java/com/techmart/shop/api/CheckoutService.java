package com.techmart.shop.api;

import com.techmart.shop.api.ShopMetrics.Stage;
import com.techmart.shop.web.ApiError;
import com.techmart.shop.web.OutOfStockException;
import com.techmart.shop.web.PaymentDeclinedException;
import com.techmart.shop.wire.InventoryApi.Line;
import com.techmart.shop.wire.InventoryApi.ReserveRequest;
import com.techmart.shop.wire.PaymentsApi.ChargeRequest;
import com.techmart.shop.wire.PaymentsApi.PaymentView;
import com.techmart.shop.wire.ShopApi.OrderItem;
import com.techmart.shop.wire.ShopApi.PlaceOrderRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Places an order: prices it from the catalogue, reserves the stock (inventory), charges the
 * payment (payments), then stores the order with its outbox entry in one transaction. A step that
 * fails undoes the steps before it, so a failed checkout leaves no stock held and no money taken.
 */
@Singleton
public class CheckoutService {

  private final ProductRepository products;
  private final OrderStore store;
  private final InventoryClient inventory;
  private final PaymentsClient payments;
  private final Compensations compensations;
  private final ShopMetrics metrics;
  private final OrderProcessor processor;

  public CheckoutService(ProductRepository products, OrderStore store, InventoryClient inventory,
                         PaymentsClient payments, Compensations compensations, ShopMetrics metrics,
                         OrderProcessor processor) {
    this.products = products;
    this.store = store;
    this.inventory = inventory;
    this.payments = payments;
    this.compensations = compensations;
    this.metrics = metrics;
    this.processor = processor;
  }

  /**
   * @throws InvalidOrderException for an unknown product or a product listed twice (400)
   * @throws OutOfStockException when the inventory cannot serve a line (409)
   * @throws PaymentDeclinedException when the gateway declines (402)
   */
  public PlacedOrder place(PlaceOrderRequest request) {
    metrics.stage(Stage.CHECKOUT_STARTED);
    List<OrderLine> lines = price(request.items());
    String currency = "EUR";
    long total = lines.stream().mapToLong(l -> l.unitPriceCents() * l.quantity()).sum();
    UUID orderId = UUID.randomUUID();

    reserve(orderId, lines);
    PaymentView payment;
    try {
      payment = payments.charge(new ChargeRequest(orderId, total, currency, request.paymentMethod(), request.paymentToken()));
    } catch (HttpClientResponseException e) {
      compensations.releaseStock(orderId);
      if (e.getStatus() == HttpStatus.PAYMENT_REQUIRED) {
        ApiError body = body(e);
        throw new PaymentDeclinedException(body.message(), body.details());
      }
      compensations.refund(orderId); // a 5xx may hide a charge that went through
      throw e;
    } catch (RuntimeException e) {
      compensations.releaseStock(orderId);
      compensations.refund(orderId);
      throw e;
    }

    List<OrderLine> stored = lines.stream()
        .map(l -> new OrderLine(null, orderId, l.productId(), l.quantity(), l.unitPriceCents()))
        .toList();
    // Microsecond precision, as PostgreSQL stores it: the order.process span starts at exactly this instant.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    CustomerOrder order = new CustomerOrder(orderId, request.customerId(), CustomerOrder.ACCEPTED,
        request.paymentMethod(), payment.paymentId(), total, currency, now, null, null);
    CustomerOrder accepted;
    try {
      accepted = store.accept(order, stored);
    } catch (RuntimeException e) {
      compensations.refund(orderId);
      compensations.releaseStock(orderId);
      throw e;
    }
    metrics.orderAccepted(request.paymentMethod(), total);
    processor.wake();
    return new PlacedOrder(accepted, stored);
  }

  /** An accepted order and its lines, as stored. */
  public record PlacedOrder(CustomerOrder order, List<OrderLine> lines) {}

  /** The order's lines at catalogue prices; the order id is filled in later. */
  private List<OrderLine> price(List<OrderItem> items) {
    Set<Long> ids = new HashSet<>();
    for (OrderItem item : items) {
      if (!ids.add(item.productId())) {
        throw new InvalidOrderException("duplicate_product",
            "product " + item.productId() + " appears twice; order it once with the total quantity");
      }
    }
    Map<Long, Product> known = products.findByIdIn(ids).stream()
        .collect(Collectors.toMap(Product::id, Function.identity()));
    List<OrderLine> lines = new ArrayList<>();
    for (OrderItem item : items) {
      Product p = known.get(item.productId());
      if (p == null) {
        throw new InvalidOrderException("unknown_product", "there is no product " + item.productId());
      }
      lines.add(new OrderLine(null, null, p.id(), item.quantity(), p.priceCents()));
    }
    return lines;
  }

  private void reserve(UUID orderId, List<OrderLine> lines) {
    List<Line> items = lines.stream().map(l -> new Line(l.productId(), l.quantity())).toList();
    try {
      inventory.reserve(new ReserveRequest(orderId, items));
    } catch (HttpClientResponseException e) {
      if (e.getStatus() == HttpStatus.CONFLICT) {
        ApiError body = body(e);
        if ("out_of_stock".equals(body.code())) {
          throw new OutOfStockException(body.message(), body.details());
        }
      }
      compensations.releaseStock(orderId); // a timeout or 5xx may hide a reservation that was made
      throw e;
    } catch (RuntimeException e) {
      compensations.releaseStock(orderId);
      throw e;
    }
  }

  private static ApiError body(HttpClientResponseException e) {
    return e.getResponse().getBody(ApiError.class).orElseGet(() -> ApiError.of(
        e.getStatus().getCode(), e.getStatus().getReason(), "http_" + e.getStatus().getCode(), e.getMessage(), List.of()));
  }
}
