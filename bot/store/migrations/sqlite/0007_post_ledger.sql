-- One ledger for every timed post: a schedule's morning post, a race's good-luck
-- post and check-in, a weekly digest, a member's reminder. The row for (kind,
-- ref_id, local_date) is claimed before sending and marked after, so each posts once.
CREATE TABLE post_ledger (
    kind        TEXT NOT NULL,
    ref_id      INTEGER NOT NULL,
    local_date  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped', 'failed')),
    claimed_at  TEXT NOT NULL,
    message_id  INTEGER,
    entry_id    TEXT,
    detail      TEXT,
    PRIMARY KEY (kind, ref_id, local_date)
);
INSERT INTO post_ledger (kind, ref_id, local_date, status, claimed_at, message_id, entry_id,
                         detail)
    SELECT 'schedule', schedule_id, local_date, status, claimed_at, message_id, entry_id, detail
    FROM deliveries;
DROP TABLE deliveries;
