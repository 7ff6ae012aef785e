-- Double entry, checked once per statement instead of once per posting at commit: the deferred row trigger ran one
-- query per posting at commit, while the transaction still held its accounts' row locks (a batch of commands: a
-- query for each of its postings); this one runs one query over the statement's new postings.
-- Every statement that writes postings writes all of its transactions' postings, so it is enough, and stricter, that
-- the new postings of each transaction sum to zero in each statement: then every transaction's do too.
-- (Versioned after infra's migrations, which share the history table.)
DROP TRIGGER posting_balances ON posting;
DROP FUNCTION posting_transaction_balances();

CREATE FUNCTION posting_transactions_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unbalanced record;
BEGIN
    SELECT transaction_id, sum(available_delta + held_delta) AS total INTO unbalanced
    FROM inserted GROUP BY transaction_id HAVING sum(available_delta + held_delta) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance: its postings sum to %',
            unbalanced.transaction_id, unbalanced.total;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER posting_balances AFTER INSERT ON posting REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION posting_transactions_balance();
