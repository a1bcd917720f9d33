-- Small process-wide facts, such as the hash of the last synced command set.
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
