-- Audit trail additions to ai_decision_logs (H2 MODE=MySQL and MySQL 8 / MariaDB 10.11 utf8mb4).
-- One statement per column change: both dialects accept ALTER TABLE ... ADD COLUMN.

-- A UUID given to each decision when it is created: a replayed (spooled) row is written at most once.
ALTER TABLE ai_decision_logs ADD COLUMN decision_id VARCHAR(36);
CREATE UNIQUE INDEX uq_decision_logs_decision_id ON ai_decision_logs (decision_id);

-- Model call attempts (0 when no call was made, e.g. the simulated model counts 1) and the last failed attempt.
ALTER TABLE ai_decision_logs ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE ai_decision_logs ADD COLUMN last_error VARCHAR(1000);

-- Tamper evidence: SHA-256 (hex) of the prompt and reply texts (kept when retention clears the texts), the chain
-- position, the previous row's hash and this row's hash over its canonical content.
ALTER TABLE ai_decision_logs ADD COLUMN prompt_hash CHAR(64);
ALTER TABLE ai_decision_logs ADD COLUMN reply_hash CHAR(64);
ALTER TABLE ai_decision_logs ADD COLUMN chain_seq BIGINT;
ALTER TABLE ai_decision_logs ADD COLUMN prev_hash CHAR(64);
ALTER TABLE ai_decision_logs ADD COLUMN row_hash CHAR(64);
-- When retention cleared user_prompt and reasoning_trace (their hashes stay).
ALTER TABLE ai_decision_logs ADD COLUMN texts_cleared_at DATETIME(3);
CREATE UNIQUE INDEX uq_decision_logs_chain_seq ON ai_decision_logs (chain_seq);

-- The chain's head: one row, locked (SELECT ... FOR UPDATE) by every append, so appends are serialized even across
-- processes, and a deleted last row is still noticed.
CREATE TABLE audit_chain_head (
    id         INT PRIMARY KEY,
    last_seq   BIGINT   NOT NULL,
    last_hash  CHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
