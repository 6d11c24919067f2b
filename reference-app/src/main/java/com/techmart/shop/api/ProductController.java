package com.techmart.shop.api;

import com.techmart.shop.api.ShopMetrics.Stage;
import com.techmart.shop.wire.InventoryApi.StockLevel;
import com.techmart.shop.wire.ShopApi.ProductView;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Journey {@code product-discovery}: the catalogue and product pages, with live stock from the
 * inventory. No annotation here: the journey catalogue maps both routes to the journey, and
 * cuj-micronaut's server filter starts it (a 4xx, such as an unknown product, ends it as a success;
 * a 5xx as an error). No transaction spans the inventory call: a database connection is never held
 * while waiting for another service.
 */
@Controller("/api/products")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProductController {

  private final ProductRepository products;
  private final InventoryClient inventory;
  private final ShopMetrics metrics;

  public ProductController(ProductRepository products, InventoryClient inventory, ShopMetrics metrics) {
    this.products = products;
    this.inventory = inventory;
    this.metrics = metrics;
  }

  @Get
  public List<ProductView> list() {
    metrics.stage(Stage.BROWSE);
    Map<Long, Integer> stock = inventory.stock().stream()
        .collect(Collectors.toMap(StockLevel::productId, StockLevel::available));
    return products.findAllOrderById().stream()
        .map(p -> view(p, stock.getOrDefault(p.id(), 0)))
        .toList();
  }

  @Get("/{id}")
  public ProductView product(@PathVariable long id) {
    metrics.stage(Stage.BROWSE);
    Product p = products.findById(id).orElseThrow(() -> new ProductNotFoundException(id));
    // A declarative client answers a 404 with no body: listed but never stocked, so the page shows
    // it sold out rather than failing.
    StockLevel level = inventory.stock(id);
    return view(p, level == null ? 0 : level.available());
  }

  private static ProductView view(Product p, int available) {
    return new ProductView(p.id(), p.sku(), p.name(), p.description(), p.priceCents(), p.currency(), available);
  }
}
