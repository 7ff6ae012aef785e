-- Transactional outbox (Debezium outbox shape plus what the RabbitMQ relay needs). Rows are written in the same
-- transaction as the business change and deleted by the relay once the broker has confirmed them.
CREATE TABLE outbox_event (
    id            uuid         PRIMARY KEY,             -- the event id; AMQP message_id
    sequence      bigserial    NOT NULL UNIQUE,         -- enqueue order; events of one aggregate go out in this order
    aggregatetype varchar(255) NOT NULL,
    aggregateid   varchar(255) NOT NULL,
    type          varchar(255) NOT NULL,                -- the event type; AMQP type
    payload       jsonb        NOT NULL,
    timestamp     timestamptz  NOT NULL DEFAULT now(),
    exchange      varchar(255) NOT NULL,                -- '' = the default exchange (routing key = queue name)
    routingkey    varchar(255) NOT NULL,
    headers       jsonb        NOT NULL DEFAULT '{}'
);

-- The relay looks for the oldest unsent event of an aggregate before sending a newer one.
CREATE INDEX outbox_event_aggregate_idx ON outbox_event (aggregatetype, aggregateid, sequence);

-- Wakes the relays (LISTEN outbox_event) as soon as a transaction that wrote events commits; PostgreSQL folds the
-- notifications of one transaction into one.
CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_event', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();
