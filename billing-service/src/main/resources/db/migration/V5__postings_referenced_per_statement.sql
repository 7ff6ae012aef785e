-- A posting's references (its journal transaction and its account), checked once per statement instead of by a
-- foreign key per posting row: a batch of commands writes about a thousand postings in one statement while it holds
-- its accounts' row locks, and their two foreign keys ran a query and took a row lock per posting, about half of that
-- statement's time (docs/decisions/0027-postings-referenced-per-statement.md). The statement trigger that already
-- checks double entry now also looks each new posting's references up, in one query over the statement's postings.
-- What a foreign key also gives, that a referenced row is not deleted, holds without it: the journal is append-only
-- (V1), and accounts are never deleted (below).
ALTER TABLE posting DROP CONSTRAINT posting_transaction_id_fkey;
ALTER TABLE posting DROP CONSTRAINT posting_account_id_fkey;

CREATE OR REPLACE FUNCTION posting_transactions_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unbalanced record;
    unreferenced record;
BEGIN
    SELECT transaction_id, sum(available_delta + held_delta) AS total INTO unbalanced
    FROM inserted GROUP BY transaction_id HAVING sum(available_delta + held_delta) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance: its postings sum to %',
            unbalanced.transaction_id, unbalanced.total;
    END IF;
    SELECT i.transaction_id, i.account_id, t.id IS NULL AS no_transaction INTO unreferenced
    FROM inserted i
    LEFT JOIN ledger_transaction t ON t.id = i.transaction_id
    LEFT JOIN account a ON a.user_id = i.account_id
    WHERE t.id IS NULL OR a.user_id IS NULL LIMIT 1;
    IF FOUND AND unreferenced.no_transaction THEN
        RAISE EXCEPTION 'a posting refers to ledger transaction %, which does not exist',
            unreferenced.transaction_id USING ERRCODE = 'foreign_key_violation';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'a posting of ledger transaction % refers to account %, which does not exist',
            unreferenced.transaction_id, unreferenced.account_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

-- An account stays as long as the journal that refers to it: a closed account would be a state of its own.
CREATE FUNCTION account_is_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'accounts are never deleted: % on account is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER account_never_deleted BEFORE DELETE ON account
    FOR EACH ROW EXECUTE FUNCTION account_is_never_deleted();
CREATE TRIGGER account_no_truncate BEFORE TRUNCATE ON account
    FOR EACH STATEMENT EXECUTE FUNCTION account_is_never_deleted();
