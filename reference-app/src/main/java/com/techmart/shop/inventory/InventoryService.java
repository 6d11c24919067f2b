package com.techmart.shop.inventory;

import com.techmart.shop.wire.InventoryApi.Line;
import com.techmart.shop.wire.InventoryApi.ReservationView;
import com.techmart.shop.web.OutOfStockException;
import com.techmart.shop.web.ShopException;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reserves, commits and gives back stock. Every method is one transaction. */
@Singleton
public class InventoryService {

  private static final Logger LOG = LoggerFactory.getLogger(InventoryService.class);

  private final StockRepository stock;
  private final ReservationRepository reservations;
  private final ReservationLineRepository lines;

  public InventoryService(StockRepository stock, ReservationRepository reservations, ReservationLineRepository lines) {
    this.stock = stock;
    this.reservations = reservations;
    this.lines = lines;
  }

  /**
   * Reserves every line of the order, or nothing. Asking again for the same order id returns the
   * reservation made the first time instead of reserving twice.
   *
   * @throws OutOfStockException if a product has fewer units left than asked for (nothing is reserved)
   */
  @Transactional
  public ReservationView reserve(UUID orderId, List<Line> items) {
    Set<Long> seen = new HashSet<>();
    for (Line line : items) {
      if (!seen.add(line.productId())) {
        throw new ShopException(HttpStatus.BAD_REQUEST, "duplicate_product",
            "product " + line.productId() + " appears twice in the order");
      }
    }
    if (reservations.claim(orderId) == 0) {
      Reservation existing = reservations.findById(orderId).orElseThrow();
      if (Reservation.RESERVED.equals(existing.status()) || Reservation.COMMITTED.equals(existing.status())) {
        return view(existing);
      }
      throw new ShopException(HttpStatus.CONFLICT, "reservation_closed",
          "the reservation for order " + orderId + " was " + existing.status().toLowerCase() + " already");
    }
    // A fixed order of row locks: two orders of the same products cannot deadlock.
    List<Line> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(Line::productId));
    for (Line line : sorted) {
      if (stock.take(line.productId(), line.quantity()) == 0) {
        // Throwing rolls the whole transaction back: the claim and every unit taken so far.
        Stock left = stock.findById(line.productId()).orElseThrow(() -> new ShopException(
            HttpStatus.NOT_FOUND, "unknown_product", "product " + line.productId() + " does not exist"));
        throw new OutOfStockException(line.productId(), line.quantity(), left.available());
      }
      lines.save(new ReservationLine(null, orderId, line.productId(), line.quantity()));
    }
    return new ReservationView(orderId, Reservation.RESERVED, sorted);
  }

  /**
   * Gives the units back; releasing twice changes nothing. Releasing an order id with no
   * reservation closes it, so a reserve that arrives later (sent before the release, delayed on
   * the way, or committed by a database that hung meanwhile) is refused instead of holding stock
   * that no order will ever take.
   */
  @Transactional
  public ReservationView release(UUID orderId) {
    if (reservations.closeUnreserved(orderId) == 1) {
      return new ReservationView(orderId, Reservation.RELEASED, List.of());
    }
    return giveBack(orderId, Reservation.RELEASED);
  }

  /** Marks the reserved units as shipped; committing twice changes nothing. */
  @Transactional
  public ReservationView commit(UUID orderId) {
    Reservation reservation = reservations.findById(orderId).orElseThrow(() -> notFound(orderId));
    if (reservations.transition(orderId, Reservation.RESERVED, Reservation.COMMITTED) == 1
        || Reservation.COMMITTED.equals(reservation.status())) {
      return view(reservations.findById(orderId).orElseThrow());
    }
    throw new ShopException(HttpStatus.CONFLICT, "reservation_closed",
        "the reservation for order " + orderId + " was " + reservation.status().toLowerCase() + " already");
  }

  /** Gives back reservations older than {@code before} that were never committed or released. */
  @Transactional
  public int expireAbandoned(Instant before) {
    int expired = 0;
    for (Reservation r : reservations.lockAbandoned(before)) {
      giveBack(r.orderId(), Reservation.EXPIRED);
      expired++;
    }
    if (expired > 0) {
      LOG.info("gave back {} abandoned reservation(s) older than {}", expired, before);
    }
    return expired;
  }

  @Transactional(readOnly = true)
  public List<Stock> levels() {
    return stock.findAllOrderByProductId();
  }

  @Transactional(readOnly = true)
  public Stock level(long productId) {
    return stock.findById(productId).orElseThrow(() -> new ShopException(
        HttpStatus.NOT_FOUND, "unknown_product", "product " + productId + " does not exist"));
  }

  private ReservationView giveBack(UUID orderId, String to) {
    Reservation reservation = reservations.findById(orderId).orElseThrow(() -> notFound(orderId));
    if (reservations.transition(orderId, Reservation.RESERVED, to) == 1) {
      for (ReservationLine line : lines.findByOrderIdOrderByProductId(orderId)) {
        stock.giveBack(line.productId(), line.quantity());
      }
      return view(reservations.findById(orderId).orElseThrow());
    }
    return view(reservation);
  }

  private ReservationView view(Reservation reservation) {
    List<Line> items = lines.findByOrderIdOrderByProductId(reservation.orderId()).stream()
        .map(l -> new Line(l.productId(), l.quantity()))
        .toList();
    return new ReservationView(reservation.orderId(), reservation.status(), items);
  }

  private static ShopException notFound(UUID orderId) {
    return new ShopException(HttpStatus.NOT_FOUND, "unknown_reservation", "no reservation for order " + orderId);
  }
}
