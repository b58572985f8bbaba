-- A card sync stores a page of new cards and their history rows in one transaction: their ids come in blocks of 1000
-- per call of the sequence instead of 50 (the entities' allocationSize says the same). Ids handed out before stay
-- below the next block, so rows written before and after this change never collide.
alter sequence card_balance_seq increment by 1000;
alter sequence card_balance_history_seq increment by 1000;
