-- What was shown where, and what members said helped.
CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER,
    channel_id  INTEGER,
    user_id     INTEGER,
    entry_id    TEXT NOT NULL,
    shown_at    TEXT NOT NULL
);
CREATE INDEX history_channel ON history (channel_id, id);
CREATE INDEX history_user ON history (user_id, id);

CREATE TABLE feedback (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    entry_id    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id, entry_id)
);
CREATE INDEX feedback_entry ON feedback (guild_id, entry_id);
