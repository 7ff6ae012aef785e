CREATE TABLE orders (
    id               uuid        PRIMARY KEY,
    user_id          uuid        NOT NULL,
    price            bigint      NOT NULL CHECK (price > 0),  -- minor units of currency
    currency         char(3)     NOT NULL,
    status           varchar(16) NOT NULL CHECK (status IN ('PENDING', 'PAID', 'CANCELLED')),
    reason           varchar(255),
    created_at       timestamptz NOT NULL,
    settled_at       timestamptz,
    -- the reconciler's bookkeeping while the payment outcome is unknown
    payment_attempts integer     NOT NULL DEFAULT 0,
    next_payment_at  timestamptz,
    CHECK ((status = 'PENDING') = (settled_at IS NULL)),
    CHECK (status = 'CANCELLED' OR reason IS NULL)
);

-- GET /orders?userId=: newest first, keyset-paginated on (created_at, id).
CREATE INDEX orders_user_idx ON orders (user_id, created_at DESC, id DESC);

-- The reconciler claims due PENDING orders; settled ones never enter this index.
CREATE INDEX orders_pending_idx ON orders (next_payment_at) WHERE status = 'PENDING';
