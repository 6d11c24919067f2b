-- The api's schema: the product catalogue, orders, and the outbox the background worker drains.

CREATE TABLE product (
  id          BIGINT PRIMARY KEY,
  sku         VARCHAR(32)  NOT NULL UNIQUE,
  name        VARCHAR(200) NOT NULL,
  description TEXT         NOT NULL,
  price_cents BIGINT       NOT NULL CHECK (price_cents > 0),
  currency    CHAR(3)      NOT NULL DEFAULT 'EUR'
);

CREATE TABLE customer_order (
  id             UUID PRIMARY KEY,
  customer_id    VARCHAR(64) NOT NULL,
  status         VARCHAR(16) NOT NULL CHECK (status IN ('ACCEPTED', 'FULFILLED', 'CONFIRMED')),
  payment_method VARCHAR(16) NOT NULL,
  payment_id     VARCHAR(64) NOT NULL,
  total_cents    BIGINT      NOT NULL CHECK (total_cents > 0),
  currency       CHAR(3)     NOT NULL,
  accepted_at    TIMESTAMPTZ NOT NULL,
  fulfilled_at   TIMESTAMPTZ,
  confirmed_at   TIMESTAMPTZ
);

CREATE TABLE order_line (
  id               BIGSERIAL PRIMARY KEY,
  order_id         UUID    NOT NULL REFERENCES customer_order (id),
  product_id       BIGINT  NOT NULL REFERENCES product (id),
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents BIGINT  NOT NULL,
  UNIQUE (order_id, product_id)
);

-- Written in the same transaction as the order. journey_context holds the string map of
-- JourneyHandoff.capture(): the worker continues the checkout's trace and journey from it.
CREATE TABLE outbox (
  id              BIGSERIAL PRIMARY KEY,
  order_id        UUID        NOT NULL REFERENCES customer_order (id),
  journey_context JSONB       NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  attempts        INTEGER     NOT NULL DEFAULT 0,
  last_error      VARCHAR(500),
  processed_at    TIMESTAMPTZ
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at, id) WHERE processed_at IS NULL;

-- One row per confirmation ever sent: the primary key makes "send it once" hold across retries.
CREATE TABLE confirmation (
  order_id UUID PRIMARY KEY REFERENCES customer_order (id),
  channel  VARCHAR(16) NOT NULL,
  sent_at  TIMESTAMPTZ NOT NULL
);
