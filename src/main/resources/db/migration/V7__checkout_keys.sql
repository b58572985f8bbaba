-- Checkout hot path: every statement finds its row through a unique key whose leading column is selective (id,
-- order id, payment id, merchantRef); merchant is checked in every statement but never leads an index of these
-- tables, so no cached generic plan (pgjdbc prepares server-side after 5 executions) can walk all of a
-- merchant's rows to find one, whatever the planner's statistics say.
alter table cash_payment add column create_tries integer default 0 not null;  -- creates with unknown outcome, this attempt
alter table cash_payment add column receipt_json varchar;                      -- receipt lines as JSON, card numbers masked
alter table cash_payment drop constraint cash_payment_nkey;
alter table cash_payment add constraint cash_payment_order_key unique (order_id, merchant);
drop index cash_payment_recovery_idx;
create index cash_payment_recovery_idx on cash_payment (state, lease_until, merchant);
drop index cash_payment_completed_idx;
create index cash_payment_completed_idx on cash_payment (completed_at, merchant);
alter table cash_payment_attempt drop constraint cash_payment_attempt_nkey;
alter table cash_payment_attempt drop constraint cash_payment_attempt_ref_key;
alter table cash_payment_attempt add constraint cash_payment_attempt_key unique (payment_id, attempt, merchant);
alter table cash_payment_attempt add constraint cash_payment_attempt_ref_key unique (merchant_ref, merchant);
