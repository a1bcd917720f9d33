-- The club's race calendar, who runs each race, how it went, and the weekly digest.
CREATE TABLE races (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: old check-in buttons carry it
    guild_id    INTEGER NOT NULL REFERENCES clubs (guild_id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    local_date  TEXT NOT NULL,
    channel_id  INTEGER NOT NULL,
    distance    TEXT,
    start_time  TEXT,
    link        TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX races_guild_date ON races (guild_id, local_date);
CREATE INDEX races_date ON races (local_date);

CREATE TABLE race_runners (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- keys a runner's own race DM; never reused
    race_id    INTEGER NOT NULL REFERENCES races (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    joined_at  TEXT NOT NULL,
    UNIQUE (race_id, user_id)
);
CREATE INDEX race_runners_user ON race_runners (user_id);

CREATE TABLE race_checkins (
    race_id      INTEGER NOT NULL REFERENCES races (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    answer       TEXT NOT NULL CHECK (answer IN ('pb', 'finished', 'tough', 'dnf')),
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (race_id, user_id)
);

CREATE TABLE digests (
    guild_id    INTEGER PRIMARY KEY REFERENCES clubs (guild_id) ON DELETE CASCADE,
    channel_id  INTEGER NOT NULL,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    local_time  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- When a story was approved, for the digest's "stories approved this week".
ALTER TABLE submissions ADD COLUMN decided_at TEXT;
