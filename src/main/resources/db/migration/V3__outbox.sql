-- Transactional outbox of events for the ERP (see org.erpbridge.outbox). A row is written in the same
-- transaction as the change it describes; delivery workers on any replica claim due rows with
-- FOR UPDATE SKIP LOCKED plus a lease, so each row is worked on by one worker at a time.
create table outbox_event (
    id uuid not null primary key,                       -- the event id the ERP deduplicates on
    merchant varchar(64) not null,
    type varchar(64) not null,
    payload varchar not null,                           -- the exact JSON envelope sent (and signed) on every attempt
    occurred_at timestamp with time zone not null,
    status varchar(16) not null,                        -- pending, delivered, dead
    attempts integer not null,
    next_attempt_at timestamp with time zone not null,
    last_attempt_at timestamp with time zone,
    last_status integer,                                -- HTTP status of the last attempt, null when none came back
    last_error varchar(200),                            -- short reason of the last failure, never a response body
    delivered_at timestamp with time zone,
    lease_until timestamp with time zone,               -- set while a worker delivers it
    claimed_by varchar(100),
    constraint outbox_event_status_check check (status in ('pending', 'delivered', 'dead'))
);

create index outbox_event_due_idx on outbox_event (status, next_attempt_at);
create index outbox_event_merchant_idx on outbox_event (merchant, status, occurred_at);
