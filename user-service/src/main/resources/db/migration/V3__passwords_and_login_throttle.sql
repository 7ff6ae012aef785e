-- A user's password, only as a bcrypt hash (salt and cost inside). Users registered before passwords existed have
-- none and cannot log in.
ALTER TABLE users ADD COLUMN password_hash varchar(60);

-- Failed logins per subject ("email:<address>" or "address:<client ip>"): after too many within the window, logins
-- for that subject are refused until locked_until. Shared by every replica.
CREATE TABLE login_throttle (
    subject         varchar(300) PRIMARY KEY,
    failures        integer      NOT NULL,
    window_ends_at  timestamptz  NOT NULL,
    locked_until    timestamptz
);
