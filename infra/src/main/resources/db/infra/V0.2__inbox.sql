-- Inbox: the events a consumer has already applied, written in the same transaction as the consumer's effect, so a
-- redelivered or duplicated event is recognised and has no second effect.
CREATE TABLE inbox_event (
    consumer     varchar(255) NOT NULL,
    event_id     uuid         NOT NULL,
    processed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
