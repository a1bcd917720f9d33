-- A club's own support line, shown first in every support answer.
ALTER TABLE clubs ADD COLUMN support_line TEXT;
