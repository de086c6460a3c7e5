-- What each decision's model call cost (docs/llm-costs.md): its tokens at the price table (arena.pricing.*) in force
-- when it was logged, USD, 8 decimals. NULL when the model had no price (cost unknown) and on rows logged before V10.
-- Hashed into row_hash only when set (LogColumns.HASHED_WHEN_SET), so every row sealed before V10 keeps its hash.
-- H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11.
ALTER TABLE ai_decision_logs ADD COLUMN cost_usd DECIMAL(18,8);
