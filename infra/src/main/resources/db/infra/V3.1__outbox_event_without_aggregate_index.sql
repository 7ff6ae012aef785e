-- The relay claims along the sequence index alone (OutboxTable): nothing reads this index any more, and every event
-- paid for it twice, at its insert and at its delete. Numbered after every service's own migrations (user-service is
-- at V3), so no database sees it as out of order.
DROP INDEX IF EXISTS outbox_event_aggregate_idx;
