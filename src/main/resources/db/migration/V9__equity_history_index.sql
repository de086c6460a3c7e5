-- The scoreboard (docs/scoreboard.md) reads every account's equity series from the decision rows: one row per account
-- and tick, whose total_balance is the account's total assets at that tick's prices (sealed in the audit chain).
-- This index holds everything that read needs, so it never touches the wide rows (prompts, replies): the scoreboard
-- reads the live rows (replay_of IS NULL) above the last id it has already read, in id order, from the index alone.
-- H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11.
CREATE INDEX ix_decision_logs_equity ON ai_decision_logs (replay_of, id, account_id, decision_time, total_balance);
