-- Retention (README "Retention"): the horizon, in days, under which retention cleared a row's user_prompt and
-- reasoning_trace, set with texts_cleared_at. verify accepts a NULL text whose hash is set only on a row that was
-- older than this horizon at texts_cleared_at; any other NULL text is reported as altered. Not part of row_hash (a row
-- is sealed before it can be cleared), so every row keeps its hash. H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11.
ALTER TABLE ai_decision_logs ADD COLUMN texts_retention_days INT;

-- Rows cleared before this column existed: the horizon applied was not recorded. Retention's horizon is at least one
-- day (arena.retention.days >= 1), so one day is what every clearing by retention satisfied, and what verify checks.
UPDATE ai_decision_logs SET texts_retention_days = 1 WHERE texts_cleared_at IS NOT NULL;
