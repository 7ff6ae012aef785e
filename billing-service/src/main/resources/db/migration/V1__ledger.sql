-- The ledger. Money lives in an append-only double-entry journal (ledger_transaction + posting); account holds the
-- current balances, which always equal the sums of the account's postings (see the reconciliation query).
-- Amounts are integer minor units of the deployment's one currency.

-- One row per user plus the system account (the nil UUID), which stands for the world outside the ledger: deposits
-- come from it, withdrawals, captures and payments go to it. Its balance is kept in the journal only; materialising
-- it here would make every deposit and withdrawal in the system queue on this one row.
CREATE TABLE account (
    user_id    uuid        PRIMARY KEY,
    available  bigint      NOT NULL DEFAULT 0,      -- spendable
    held       bigint      NOT NULL DEFAULT 0,      -- blocked by holds; the balance is available + held
    last_seq   bigint      NOT NULL DEFAULT 0,      -- position of the account's latest posting
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT account_available_not_negative CHECK (available >= 0),
    CONSTRAINT account_held_not_negative CHECK (held >= 0),
    CONSTRAINT account_system_balance_in_journal_only
        CHECK (user_id <> '00000000-0000-0000-0000-000000000000' OR (available = 0 AND held = 0 AND last_seq = 0))
);

INSERT INTO account (user_id, created_at, updated_at) VALUES ('00000000-0000-0000-0000-000000000000', now(), now());

CREATE TABLE hold (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES account,
    amount          bigint      NOT NULL,
    captured_amount bigint,
    status          varchar(8)  NOT NULL,
    expires_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT hold_amount_positive CHECK (amount > 0),
    CONSTRAINT hold_status CHECK (status IN ('HELD', 'CAPTURED', 'RELEASED')),
    CONSTRAINT hold_captured_amount CHECK ((status = 'CAPTURED') = (captured_amount IS NOT NULL)
        AND captured_amount > 0 AND captured_amount <= amount)
);

-- The expiry job's queue: only holds still blocking funds.
CREATE INDEX hold_due_idx ON hold (expires_at) WHERE status = 'HELD';
CREATE INDEX hold_user_idx ON hold (user_id) WHERE status = 'HELD';

-- At most one payment per order. user_id has no foreign key: paying for a user without an account is recorded as
-- a DECLINED payment.
CREATE TABLE payment (
    id         uuid        PRIMARY KEY,
    order_id   uuid        NOT NULL UNIQUE,
    user_id    uuid        NOT NULL,
    amount     bigint      NOT NULL,
    status     varchar(9)  NOT NULL,
    reason     varchar(64),
    created_at timestamptz NOT NULL,
    CONSTRAINT payment_amount_positive CHECK (amount > 0),
    CONSTRAINT payment_status CHECK (status IN ('SUCCEEDED', 'DECLINED')),
    CONSTRAINT payment_reason CHECK ((status = 'DECLINED') = (reason IS NOT NULL))
);

-- One row per operation that moved money.
CREATE TABLE ledger_transaction (
    id              uuid         PRIMARY KEY,
    type            varchar(10)  NOT NULL,
    amount          bigint       NOT NULL,          -- what the operation moved (for a capture: what was taken)
    user_id         uuid         NOT NULL REFERENCES account,
    counterparty_id uuid         REFERENCES account,              -- a transfer's payee
    hold_id         uuid         REFERENCES hold DEFERRABLE INITIALLY DEFERRED,
    payment_id      uuid         REFERENCES payment DEFERRABLE INITIALLY DEFERRED,
    operation_id    varchar(255),                   -- the Idempotency-Key / command operation id, if any
    created_at      timestamptz  NOT NULL,
    CONSTRAINT ledger_transaction_type
        CHECK (type IN ('DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'HOLD', 'CAPTURE', 'RELEASE', 'EXPIRY', 'PAYMENT')),
    CONSTRAINT ledger_transaction_amount_positive CHECK (amount > 0)
);

-- One row per account a transaction touches: the signed change of its available and held parts and, for user
-- accounts, the balance right after it and its place (seq = 1, 2, ...) in the account's history, assigned under
-- the account's row lock so that it is also the commit order.
CREATE TABLE posting (
    transaction_id  uuid   NOT NULL REFERENCES ledger_transaction,
    account_id      uuid   NOT NULL REFERENCES account,
    seq             bigint,
    available_delta bigint NOT NULL,
    held_delta      bigint NOT NULL,
    available_after bigint,
    held_after      bigint,
    PRIMARY KEY (transaction_id, account_id),
    CONSTRAINT posting_place UNIQUE (account_id, seq),
    CONSTRAINT posting_moves_money CHECK (available_delta <> 0 OR held_delta <> 0),
    CONSTRAINT posting_position CHECK ((seq IS NULL) = (account_id = '00000000-0000-0000-0000-000000000000')
        AND (seq IS NULL) = (available_after IS NULL) AND (seq IS NULL) = (held_after IS NULL)
        AND seq > 0 AND available_after >= 0 AND held_after >= 0)
);

-- Double entry, enforced by the database: at commit, the postings of every transaction sum to zero.
CREATE FUNCTION posting_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total numeric;
BEGIN
    SELECT sum(available_delta + held_delta) INTO total FROM posting WHERE transaction_id = NEW.transaction_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not balance: its postings sum to %', NEW.transaction_id, total;
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER posting_balances AFTER INSERT ON posting
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION posting_transaction_balances();

-- The journal is append-only: history is corrected by new transactions, never rewritten.
CREATE FUNCTION journal_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON ledger_transaction
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER ledger_transaction_no_truncate BEFORE TRUNCATE ON ledger_transaction
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON posting
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON posting
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();
