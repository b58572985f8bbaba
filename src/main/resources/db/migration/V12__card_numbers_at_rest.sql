-- Card numbers at rest (org.erpbridge.carddata.CardVault): a card is found by the HMAC of its number (card_hash,
-- leading the unique key so the payment path's look-up stays one probe), shown by its masked form, and its full
-- number is kept only encrypted (card_sealed: key id, IV, ciphertext and tag), for a rehash should the lookup key
-- ever change. A payment keeps its card encrypted (card_sealed) only until it is settled; its request_json holds
-- the card masked. SQL cannot encrypt with a key from the environment: rows written before this version keep their
-- plain numbers until the card-data conversion (a job in the application) rewrites them. card_number and
-- plain_card mark them; both columns are only read by that conversion.
alter table card_balance add column card_hash varchar(64);
alter table card_balance add column card_masked varchar(32);
alter table card_balance add column card_sealed varchar(200);
alter table card_balance alter column card_number drop not null;
alter table card_balance drop constraint card_balance_card_key;
alter table card_balance add constraint card_balance_card_hash_key unique (card_hash, merchant);

-- true until the conversion rewrote the row; the default also catches rows an older replica still writes
alter table cash_payment add column plain_card boolean default true not null;
alter table cash_payment add column card_sealed varchar(200);
-- retention clears the request bodies of settled payments (request_kept false afterwards)
alter table cash_payment alter column request_json drop not null;
alter table cash_payment add column request_kept boolean default true not null;
-- No index for the retention pass or the conversion on cash_payment: each payment's transitions are updates that
-- change indexed columns, and every such update adds an entry to every index of the table (PostgreSQL's partial
-- indexes, which could leave in-flight rows out, are refused by H2). With two such indexes the bench's PostgreSQL spent
-- 3.04 ms per payment, without them 2.70 ms (20 ms stub, 32 threads); the hourly passes read the table instead.
update cash_payment set plain_card = false where card_masked is null;

-- Retention deletes by age, oldest first, in bounded batches per merchant.
create index card_balance_history_age_idx on card_balance_history (changed_at, merchant);
create index card_sync_run_age_idx on card_sync_run (finished_at, merchant);
create index reconciliation_run_age_idx on reconciliation_run (business_day, merchant);
create index reconciliation_difference_age_idx on reconciliation_difference (business_day, merchant);
create index outbox_event_delivered_idx on outbox_event (delivered_at, merchant);
