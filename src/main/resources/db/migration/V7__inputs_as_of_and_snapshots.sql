-- No look-ahead (README "What the model sees"): every tick's market snapshot is stored as it was used (prices, venue
-- context, the indicator series computed from closed candles, news, the as-of time of each input), and each decision
-- row names the snapshot it used and the newest input time it saw. H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11:
-- one statement per change. A snapshot is a few KB to some tens of KB of JSON: MEDIUMTEXT (TEXT holds 64 KB).
CREATE TABLE market_snapshots (
    id               INT PRIMARY KEY AUTO_INCREMENT,
    tick_id          VARCHAR(40)    NOT NULL,
    taken_at         DATETIME(3)    NOT NULL,
    inputs_as_of     DATETIME(3),
    snapshot_json    MEDIUMTEXT     NOT NULL
);
CREATE INDEX ix_market_snapshots_tick ON market_snapshots (tick_id);

-- The newest input time the decision's prompt was built from (never after decision_time) and its snapshot. Hashed into
-- row_hash only when set (LogColumns.HASHED_WHEN_SET), so every row sealed before V7 keeps its hash.
ALTER TABLE ai_decision_logs ADD COLUMN inputs_as_of DATETIME(3);
ALTER TABLE ai_decision_logs ADD COLUMN snapshot_id INT;

-- The tick's snapshot, its newest input time, and which market sources beside prices failed (venue, candles, news).
ALTER TABLE market_ticks ADD COLUMN snapshot_id INT;
ALTER TABLE market_ticks ADD COLUMN inputs_as_of DATETIME(3);
ALTER TABLE market_ticks ADD COLUMN market_errors VARCHAR(1000);
