-- A registration is stored PENDING before billing is asked to open the account, and becomes ACTIVE (with its
-- UserCreated event) once the account exists. So billing only ever holds accounts of users this service knows, and a
-- registration whose request failed midway is completed by its retry or by the registration reconciler.
ALTER TABLE users ADD COLUMN status varchar(7) NOT NULL DEFAULT 'ACTIVE'
    CONSTRAINT users_status CHECK (status IN ('PENDING', 'ACTIVE'));
ALTER TABLE users ALTER COLUMN status DROP DEFAULT;

CREATE INDEX users_pending_idx ON users (created_at) WHERE status = 'PENDING';
