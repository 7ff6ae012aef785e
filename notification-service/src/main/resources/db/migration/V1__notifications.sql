-- The users this service has heard of. A row may exist before UserCreated arrives (a letter came first): then name
-- and email are null until it does. Letters and user events lock this row, so they never miss each other.
CREATE TABLE recipient (
    user_id    uuid         PRIMARY KEY,
    name       varchar(255),
    email      varchar(320),
    known_at   timestamptz
);

-- One letter per order outcome; storing a letter is sending it. email is null while the user is not known yet.
CREATE TABLE notification (
    id         uuid         PRIMARY KEY,
    user_id    uuid         NOT NULL,
    email      varchar(320),
    order_id   uuid         NOT NULL,
    type       varchar(32)  NOT NULL CHECK (type IN ('ORDER_PAID', 'ORDER_CANCELLED')),
    subject    varchar(255) NOT NULL,
    body       text         NOT NULL,
    created_at timestamptz  NOT NULL,
    CONSTRAINT notification_order_type_uk UNIQUE (order_id, type)
);

-- Newest first per user, with (created_at, id) as the page cursor.
CREATE INDEX notification_user_created_idx ON notification (user_id, created_at DESC, id DESC);
