-- Replays (README "Replay, compare, datasets"): a logged prompt sent again, unchanged, to other models. A replay is
-- an ai_decision_logs row like any other (sealed into the audit chain, spooled when the database is away) that is
-- never executed; these columns say which decision it replays, in which run, for which target. NULL on live rows.
-- H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11: one ALTER per column.
ALTER TABLE ai_decision_logs ADD COLUMN replay_of INT;
ALTER TABLE ai_decision_logs ADD COLUMN replay_run_id INT;
ALTER TABLE ai_decision_logs ADD COLUMN replay_target VARCHAR(64);
CREATE INDEX ix_decision_logs_replay ON ai_decision_logs (replay_run_id, replay_of);
CREATE INDEX ix_decision_logs_replay_of ON ai_decision_logs (replay_of);

-- One row per replay run: what was selected, against which targets, and how far it got.
CREATE TABLE replay_runs (
    id               INT PRIMARY KEY AUTO_INCREMENT,
    status           VARCHAR(16)    NOT NULL,
    trigger_source   VARCHAR(16)    NOT NULL,
    -- the selection as the request gave it (JSON) and the target names, comma-separated
    selection        TEXT           NOT NULL,
    targets          VARCHAR(1000)  NOT NULL,
    originals        INT            NOT NULL DEFAULT 0,
    total            INT            NOT NULL DEFAULT 0,
    done             INT            NOT NULL DEFAULT 0,
    errors           INT            NOT NULL DEFAULT 0,
    message          VARCHAR(1000),
    created_at       DATETIME(3)    NOT NULL,
    started_at       DATETIME(3),
    finished_at      DATETIME(3)
);
