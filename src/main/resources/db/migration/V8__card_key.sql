-- A payment records its card's new balances in its completing transaction, looking the card up by number: the
-- unique key leads with the card number (merchant checked too), so the lookup never depends on planner statistics.
alter table card_balance drop constraint card_balance_merchant_card_uk;
alter table card_balance add constraint card_balance_card_key unique (card_number, merchant);
