-- Clubs, their theme choices, schedules and the per-day delivery ledger.
CREATE TABLE clubs (
    guild_id            INTEGER PRIMARY KEY,
    timezone            TEXT NOT NULL,
    private_by_default  INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL
);

CREATE TABLE disabled_themes (
    guild_id  INTEGER NOT NULL REFERENCES clubs (guild_id) ON DELETE CASCADE,
    theme_id  TEXT NOT NULL,
    PRIMARY KEY (guild_id, theme_id)
);

CREATE TABLE schedules (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL REFERENCES clubs (guild_id) ON DELETE CASCADE,
    channel_id       INTEGER NOT NULL,
    local_time       TEXT NOT NULL,
    days             TEXT NOT NULL,
    theme            TEXT NOT NULL,
    kind             TEXT,
    mention_role_id  INTEGER,
    paused           INTEGER NOT NULL DEFAULT 0,
    failing_reason   TEXT,
    failing_days     INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL
);
CREATE INDEX schedules_guild ON schedules (guild_id);

CREATE TABLE deliveries (
    schedule_id  INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    local_date   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped', 'failed')),
    claimed_at   TEXT NOT NULL,
    message_id   INTEGER,
    entry_id     TEXT,
    detail       TEXT,
    PRIMARY KEY (schedule_id, local_date)
);
