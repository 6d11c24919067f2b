package com.techmart.shop.api;

import com.techmart.shop.api.ShopMetrics.Stage;
import com.techmart.shop.web.ApiError;
import com.techmart.shop.web.OutOfStockException;
import com.techmart.shop.web.PaymentDeclinedException;
import com.techmart.shop.web.ServiceUnavailableException;
import com.techmart.shop.web.ShopException;
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
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places an order in four steps, each durable before the next starts:
 *
 * <ol>
 *   <li>the order is stored PENDING, with its lines (so whatever follows has a row to answer to);
 *   <li>the stock is reserved (inventory, keyed by the order id: asking twice reserves once);
 *   <li>the payment is charged (payments, keyed by the order id, its idempotency key);
 *   <li>the order is accepted (PENDING -> ACCEPTED) together with its outbox entry.
 * </ol>
 *
 * A step that fails cancels the order and undoes the steps before it ({@link Compensations}). A
 * process that dies between two steps leaves a PENDING order, which the {@link CheckoutReconciler}
 * cancels and undoes once it is older than any live checkout can be. Accepting and cancelling are
 * both conditional on PENDING, so exactly one of them happens: no money is kept without an order.
 */
@Singleton
public class CheckoutService {

  private static final Logger LOG = LoggerFactory.getLogger(CheckoutService.class);

  private final ProductRepository products;
  private final OrderStore store;
  private final InventoryClient inventory;
  private final PaymentsClient payments;
  private final Compensations compensations;
  private final ShopMetrics metrics;
  private final OrderProcessor processor;
  private final CheckoutSettings settings;

  public CheckoutService(ProductRepository products, OrderStore store, InventoryClient inventory,
                         PaymentsClient payments, Compensations compensations, ShopMetrics metrics,
                         OrderProcessor processor, CheckoutSettings settings) {
    this.products = products;
    this.store = store;
    this.inventory = inventory;
    this.payments = payments;
    this.compensations = compensations;
    this.metrics = metrics;
    this.processor = processor;
    this.settings = settings;
  }

  /**
   * @throws InvalidOrderException for an unknown product or a product listed twice (400)
   * @throws OutOfStockException when the inventory cannot serve a line (409)
   * @throws PaymentDeclinedException when the gateway declines (402)
   */
  public PlacedOrder place(PlaceOrderRequest request) {
    metrics.stage(Stage.CHECKOUT_STARTED);
    List<OrderLine> priced = price(request.items());
    String currency = "EUR";
    long total = priced.stream().mapToLong(l -> l.unitPriceCents() * l.quantity()).sum();
    UUID orderId = UUID.randomUUID();
    List<OrderLine> lines = priced.stream()
        .map(l -> new OrderLine(null, orderId, l.productId(), l.quantity(), l.unitPriceCents()))
        .toList();

    store.open(new CustomerOrder(orderId, request.customerId(), CustomerOrder.PENDING, request.paymentMethod(), null,
        total, currency, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null, null, null, null), lines);
    hold("order-stored", orderId);

    PaymentView payment;
    boolean charging = false;
    try {
      reserve(orderId, lines);
      hold("stock-reserved", orderId);
      charging = true;
      payment = charge(orderId, total, currency, request);
      hold("payment-captured", orderId);
    } catch (OutOfStockException e) {
      compensations.cancel(orderId, "out_of_stock", false, false); // the inventory rolled its reservation back
      throw e;
    } catch (PaymentDeclinedException e) {
      compensations.cancel(orderId, "payment_declined", true, true);
      throw e;
    } catch (RuntimeException e) {
      // A time-out or a 5xx may hide a step that went through: undo both, each is idempotent.
      compensations.cancel(orderId, "checkout_failed", true, charging);
      throw e;
    }

    // Microsecond precision, as PostgreSQL stores it: the order.process span starts at exactly this instant.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    CustomerOrder accepted;
    try {
      accepted = store.accept(orderId, payment.paymentId(), now).orElseThrow(() -> new ServiceUnavailableException(
          "checkout_expired", "the order took too long and was cancelled; nothing was charged", null));
    } catch (RuntimeException e) {
      compensations.cancel(orderId, "checkout_failed", true, true);
      throw e;
    }
    hold("order-accepted", orderId);
    metrics.orderAccepted(request.paymentMethod(), total);
    processor.wake();
    return new PlacedOrder(accepted, lines);
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
      if (inventory.reserve(new ReserveRequest(orderId, items)) == null) {
        // A declarative client answers a 404 with no body: the inventory does not stock a product
        // the catalogue lists, and the shopper's line is what asked for it.
        throw new InvalidOrderException("unknown_product", "a product of this order is not stocked");
      }
    } catch (HttpClientResponseException e) {
      ApiError body = body(e);
      if (e.getStatus() == HttpStatus.CONFLICT && "out_of_stock".equals(body.code())) {
        throw new OutOfStockException(body.message(), body.details());
      }
      if (e.getStatus() == HttpStatus.NOT_FOUND && "unknown_product".equals(body.code())) {
        // The catalogue lists a product the inventory does not stock: the shopper's line is the cause.
        throw new InvalidOrderException("unknown_product", body.message());
      }
      throw downstreamRefused("inventory", e);
    }
  }

  private PaymentView charge(UUID orderId, long total, String currency, PlaceOrderRequest request) {
    try {
      PaymentView payment = payments.charge(new ChargeRequest(orderId, total, currency, request.paymentMethod(), request.paymentToken()));
      if (payment == null) { // a 404: the payments service is not where it should be
        throw new ShopException(HttpStatus.BAD_GATEWAY, "bad_gateway", "the payments service refused the request (404); try again later");
      }
      return payment;
    } catch (HttpClientResponseException e) {
      if (e.getStatus() == HttpStatus.PAYMENT_REQUIRED) {
        ApiError body = body(e);
        throw new PaymentDeclinedException(body.message(), body.details());
      }
      throw downstreamRefused("payments", e);
    }
  }

  /**
   * A downstream 4xx that is not the shopper's doing says this service sent something it should
   * not have: a 502 (the shopper may try again), never a bare 500. A 5xx stays an outage (503).
   */
  private static RuntimeException downstreamRefused(String service, HttpClientResponseException e) {
    if (e.getStatus().getCode() >= 500) {
      return e;
    }
    return new ShopException(HttpStatus.BAD_GATEWAY, "bad_gateway",
        "the " + service + " service refused the request (" + e.getStatus().getCode() + "); try again later",
        List.of(), e);
  }

  /**
   * The crash tests' hook: with {@code techmart.checkout.hold-after} set to this step, the checkout
   * stops here for good, so the test can kill the process at exactly this boundary.
   */
  private void hold(String step, UUID orderId) {
    if (step.equals(settings.getHoldAfter())) {
      LOG.warn("checkout of order {} holds after {} (techmart.checkout.hold-after)", orderId, step);
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceUnavailableException("shutting_down", "the service is shutting down", e);
      }
    }
  }

  private static ApiError body(HttpClientResponseException e) {
    return e.getResponse().getBody(ApiError.class).orElseGet(() -> ApiError.of(
        e.getStatus().getCode(), e.getStatus().getReason(), "http_" + e.getStatus().getCode(), e.getMessage(), List.of()));
  }
}
