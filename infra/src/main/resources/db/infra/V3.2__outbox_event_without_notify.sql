-- Each instance wakes its own relay after its commits, and every relay polls for the rest (OutboxRelayService):
-- a NOTIFY per commit made every transaction that wrote an event take PostgreSQL's one cluster-wide notify lock for
-- its whole commit, so the commits of all such transactions ran one after another.
DROP TRIGGER IF EXISTS outbox_event_notify ON outbox_event;
DROP FUNCTION IF EXISTS outbox_event_notify();
