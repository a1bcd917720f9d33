-- Picks read the newest entry ids of a channel and of a member: cover those reads.
-- (PostgreSQL could say INCLUDE (entry_id); the same key columns keep the meaning.)
DROP INDEX history_channel;
DROP INDEX history_user;
CREATE INDEX history_channel ON history (channel_id, id, entry_id);
CREATE INDEX history_user ON history (user_id, id, entry_id);
