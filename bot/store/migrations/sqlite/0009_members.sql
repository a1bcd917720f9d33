-- Members' own settings, reminders, notes to tell them at their next command, and direct
-- messages waiting to go (held by quiet hours); submissions learn 'withdrawn'.
CREATE TABLE member_settings (
    user_id        INTEGER PRIMARY KEY,
    timezone       TEXT,                -- NULL: the club's zone
    quiet_from     TEXT,                -- HH:MM local; both NULL: no quiet hours
    quiet_to       TEXT,
    race_dm        INTEGER NOT NULL DEFAULT 0,
    dm_channel_id  INTEGER,             -- the bot's DM channel with them, once opened
    created_at     TEXT NOT NULL,
    CHECK ((quiet_from IS NULL) = (quiet_to IS NULL))
);

-- AUTOINCREMENT: an id is never handed out twice, as ledger rows are keyed by it.
CREATE TABLE reminders (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL,
    guild_id        INTEGER NOT NULL REFERENCES clubs (guild_id) ON DELETE CASCADE,
    local_time      TEXT NOT NULL,
    days            TEXT NOT NULL,
    theme           TEXT,               -- NULL: any theme the club has on
    kind            TEXT,
    paused          INTEGER NOT NULL DEFAULT 0,
    failing_reason  TEXT,
    failing_days    INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);
CREATE INDEX reminders_user ON reminders (user_id);
CREATE INDEX reminders_guild ON reminders (guild_id);

CREATE TABLE member_notices (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX member_notices_user ON member_notices (user_id);

-- A held reminder or race DM goes under its own ledger key (kind, ref_id, local_date); a
-- one-off message (a story's outcome) has ref_id NULL and goes under ('held-dm', id).
CREATE TABLE pending_dms (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL,
    guild_id    INTEGER,
    kind        TEXT NOT NULL,
    ref_id      INTEGER,
    local_date  TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    expires_at  TEXT,
    text        TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (kind, ref_id, local_date)
);
CREATE INDEX pending_dms_user ON pending_dms (user_id);

-- /me data and /me forget look a member up in these.
CREATE INDEX feedback_user ON feedback (user_id);
CREATE INDEX race_checkins_user ON race_checkins (user_id);

-- SQLite cannot change a CHECK constraint: rebuild submissions with 'withdrawn', keeping
-- every row. AUTOINCREMENT, so a forgotten story's id (and its review buttons) never
-- comes back on another member's story.
CREATE TABLE submissions_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id           INTEGER NOT NULL REFERENCES clubs (guild_id) ON DELETE CASCADE,
    user_id            INTEGER NOT NULL,
    theme_id           TEXT NOT NULL,
    title              TEXT NOT NULL,
    body               TEXT NOT NULL,
    credit             TEXT,
    status             TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    review_message_id  INTEGER,
    decided_by         INTEGER,
    entry_id           TEXT,
    created_at         TEXT NOT NULL,
    decided_at         TEXT
);
INSERT INTO submissions_new (id, guild_id, user_id, theme_id, title, body, credit, status,
                             review_message_id, decided_by, entry_id, created_at, decided_at)
    SELECT id, guild_id, user_id, theme_id, title, body, credit, status, review_message_id,
           decided_by, entry_id, created_at, decided_at
    FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_new RENAME TO submissions;
CREATE INDEX submissions_guild ON submissions (guild_id, status);
CREATE INDEX submissions_user ON submissions (user_id);
