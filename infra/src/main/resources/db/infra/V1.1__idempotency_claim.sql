-- Numbered after every service's V1: databases that already ran those take it as the next step (Flyway refuses a
-- migration numbered below one it applied). A service's own next migration takes V2 or later.
-- Which claim holds a key: each claim gets a new id, and only that claim may complete or give up the key. Without it,
-- a request whose lease ran out (and whose key a retry then took over) could delete or overwrite the retry's claim.
ALTER TABLE idempotency_record ADD COLUMN claim_id uuid;
