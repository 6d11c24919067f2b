-- The payments service's schema: one payment per order id (POST /charge is idempotent).
CREATE TABLE payment (
  order_id       UUID PRIMARY KEY,
  payment_id     VARCHAR(40) NOT NULL UNIQUE,
  status         VARCHAR(16) NOT NULL CHECK (status IN ('CAPTURED', 'DECLINED', 'REFUNDED')),
  method         VARCHAR(16) NOT NULL,
  amount_cents   BIGINT      NOT NULL CHECK (amount_cents > 0),
  currency       CHAR(3)     NOT NULL,
  decline_reason VARCHAR(64),
  created_at     TIMESTAMPTZ NOT NULL,
  updated_at     TIMESTAMPTZ NOT NULL
);
