-- The inventory's schema: stock per product and the reservations held for orders.

CREATE TABLE stock (
  product_id BIGINT PRIMARY KEY,
  available  INTEGER NOT NULL CHECK (available >= 0)
);

-- One reservation per order id: the primary key makes POST /reserve idempotent.
CREATE TABLE reservation (
  order_id   UUID PRIMARY KEY,
  status     VARCHAR(16) NOT NULL CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED', 'EXPIRED')),
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX reservation_open ON reservation (created_at) WHERE status = 'RESERVED';

CREATE TABLE reservation_line (
  id         BIGSERIAL PRIMARY KEY,
  order_id   UUID    NOT NULL REFERENCES reservation (order_id),
  product_id BIGINT  NOT NULL REFERENCES stock (product_id),
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  UNIQUE (order_id, product_id)
);
