-- Idempotency keys: the first request with a key claims it (IN_PROGRESS) and records its response (COMPLETED);
-- a repeat gets that response back instead of a second effect. Records outlive their retention only until the purge
-- job deletes them; an expired record no longer counts and its key can be claimed afresh.
CREATE TABLE idempotency_record (
    scope           varchar(64)  NOT NULL,            -- the namespace of keys, e.g. a service or an operation family
    idempotency_key varchar(255) NOT NULL,
    request_hash    char(64)     NOT NULL,            -- SHA-256 (hex) of the request's canonical form
    state           varchar(11)  NOT NULL,
    response_status integer,
    -- text, not jsonb: a replay must return the first response byte for byte, and jsonb would reorder its keys
    response_body   text,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    -- while IN_PROGRESS: end of the owner's lease (a crashed owner's claim can be taken over afterwards);
    -- once COMPLETED: end of the retention
    expires_at      timestamptz  NOT NULL,
    PRIMARY KEY (scope, idempotency_key),
    CONSTRAINT idempotency_record_state CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    CONSTRAINT idempotency_record_response CHECK ((state = 'COMPLETED') = (response_status IS NOT NULL))
);

CREATE INDEX idempotency_record_expiry_idx ON idempotency_record (expires_at);
