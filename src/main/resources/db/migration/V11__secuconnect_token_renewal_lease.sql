-- Device-token renewal without a row lock held across the OAuth call (issue 13): a replica claims the renewal with a
-- short lease in the row, calls secuconnect outside any transaction, then stores the token; the others wait for it.
ALTER TABLE secuconnect_token ADD COLUMN renewing_by VARCHAR(36);
ALTER TABLE secuconnect_token ADD COLUMN renewing_until TIMESTAMP WITH TIME ZONE;
