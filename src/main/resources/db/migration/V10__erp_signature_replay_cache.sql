-- Replay cache of ERP request signatures (issue 13): a signature is accepted once. One row per accepted signature
-- (SHA-256 of the MAC, never the MAC itself) until the end of its timestamp's tolerance window; expired rows are
-- deleted by the bridge. The digest leads the key (selective), the merchant is checked as well.
CREATE TABLE erp_used_signature (
    signature_digest CHAR(64) NOT NULL,
    merchant_key VARCHAR(100) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT erp_used_signature_pkey PRIMARY KEY (signature_digest, merchant_key)
);
CREATE INDEX erp_used_signature_expiry ON erp_used_signature (expires_at);
