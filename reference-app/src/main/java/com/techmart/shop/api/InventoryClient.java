package com.techmart.shop.api;

import com.techmart.shop.wire.InventoryApi.OrderRef;
import com.techmart.shop.wire.InventoryApi.ReservationView;
import com.techmart.shop.wire.InventoryApi.ReserveRequest;
import com.techmart.shop.wire.InventoryApi.StockLevel;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;
import java.util.List;

/** The inventory service, at {@code micronaut.http.services.inventory.url}. */
@Client(id = "inventory")
public interface InventoryClient {

  @Get("/stock")
  List<StockLevel> stock();

  @Get("/stock/{productId}")
  StockLevel stock(long productId);

  @Post("/reserve")
  ReservationView reserve(@Body ReserveRequest request);

  @Post("/release")
  ReservationView release(@Body OrderRef request);

  @Post("/commit")
  ReservationView commit(@Body OrderRef request);
}
