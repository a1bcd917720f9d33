-- The club's own entries, members' submissions, and the review channel.
ALTER TABLE clubs ADD COLUMN review_channel_id INTEGER;

CREATE TABLE club_entries (
    id          TEXT PRIMARY KEY,
    guild_id    INTEGER NOT NULL REFERENCES clubs (guild_id) ON DELETE CASCADE,
    theme_id    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    credit      TEXT,
    added_by    INTEGER,
    created_at  TEXT NOT NULL
);
CREATE INDEX club_entries_guild ON club_entries (guild_id);

CREATE TABLE submissions (
    id                 INTEGER PRIMARY KEY,
    guild_id           INTEGER NOT NULL REFERENCES clubs (guild_id) ON DELETE CASCADE,
    user_id            INTEGER NOT NULL,
    theme_id           TEXT NOT NULL,
    title              TEXT NOT NULL,
    body               TEXT NOT NULL,
    credit             TEXT,
    status             TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'approved', 'rejected')),
    review_message_id  INTEGER,
    decided_by         INTEGER,
    entry_id           TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX submissions_guild ON submissions (guild_id, status);
