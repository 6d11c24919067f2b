-- A refund that arrives before the charge it undoes (the api gave up on a checkout whose charge
-- was still on its way) leaves a VOIDED row: the late charge then finds it and is refused, so no
-- money is ever taken for an order that was already cancelled.
ALTER TABLE payment DROP CONSTRAINT payment_status_check;
ALTER TABLE payment ADD CONSTRAINT payment_status_check CHECK (status IN ('CAPTURED', 'DECLINED', 'REFUNDED', 'VOIDED'));
ALTER TABLE payment ALTER COLUMN method DROP NOT NULL;
ALTER TABLE payment ALTER COLUMN amount_cents DROP NOT NULL;
ALTER TABLE payment ALTER COLUMN currency DROP NOT NULL;
