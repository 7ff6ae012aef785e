CREATE TABLE users (
    id         uuid         PRIMARY KEY,
    name       varchar(100) NOT NULL,
    email      varchar(254) NOT NULL,
    created_at timestamptz  NOT NULL
);

-- Mailboxes are matched without regard to case: Ann@Example.com and ann@example.com are one person.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
