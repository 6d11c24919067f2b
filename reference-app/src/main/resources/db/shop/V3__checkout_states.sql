-- An order is stored before anything is reserved or charged (PENDING), so a checkout that dies
-- half-way leaves a row the reconciler finds: it is either accepted, or cancelled with its stock
-- given back and its charge refunded (CANCELLING while that is under way).
ALTER TABLE customer_order DROP CONSTRAINT customer_order_status_check;
ALTER TABLE customer_order ADD CONSTRAINT customer_order_status_check
  CHECK (status IN ('PENDING', 'ACCEPTED', 'FULFILLED', 'CONFIRMED', 'CANCELLING', 'CANCELLED'));
ALTER TABLE customer_order ALTER COLUMN payment_id DROP NOT NULL;
ALTER TABLE customer_order ALTER COLUMN accepted_at DROP NOT NULL;
ALTER TABLE customer_order ADD COLUMN placed_at TIMESTAMPTZ;
UPDATE customer_order SET placed_at = accepted_at;
ALTER TABLE customer_order ALTER COLUMN placed_at SET NOT NULL;
ALTER TABLE customer_order ADD COLUMN cancelled_at TIMESTAMPTZ;
ALTER TABLE customer_order ADD COLUMN cancel_reason VARCHAR(64);
CREATE INDEX customer_order_unsettled ON customer_order (placed_at) WHERE status IN ('PENDING', 'CANCELLING');
