-- Access tokens of secuconnect device sessions, shared by all replicas: a device session has exactly one
-- valid token, so the replica that renews it must hand it to the others. One row per merchant; renewal
-- happens under SELECT ... FOR UPDATE on that row. Client-credentials tokens are not stored here.
CREATE TABLE secuconnect_token (
    merchant_key VARCHAR(100) NOT NULL,
    access_token VARCHAR(4000),
    renew_at TIMESTAMP WITH TIME ZONE,
    refreshed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT secuconnect_token_pkey PRIMARY KEY (merchant_key)
);
