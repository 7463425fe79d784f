-- A migration a newer build brings: a database without it does not match that build.
ALTER TABLE task ADD COLUMN priority int NOT NULL DEFAULT 0;
