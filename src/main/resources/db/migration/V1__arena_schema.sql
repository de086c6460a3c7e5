-- One schema for H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11 (utf8mb4).
-- Long texts are TEXT columns: utf8mb4 VARCHARs may not add up to more than 65,535 bytes a row.
-- Character limits (prompt and reply 10,000, llm_output 2,000, reason 1,000) are enforced by the application.

CREATE TABLE accounts (
    id               INT PRIMARY KEY AUTO_INCREMENT,
    name             VARCHAR(64)    NOT NULL,
    provider         VARCHAR(16)    NOT NULL,
    model            VARCHAR(200)   NOT NULL,
    base_url         VARCHAR(500),
    region           VARCHAR(32),
    -- A reference to where the key lives (an environment variable name), never the key itself.
    api_key_ref      VARCHAR(128),
    temperature      DECIMAL(4,2)   NOT NULL DEFAULT 0.70,
    max_tokens       INT            NOT NULL DEFAULT 1000,
    max_leverage     INT            NOT NULL DEFAULT 10,
    active           BOOLEAN        NOT NULL DEFAULT TRUE,
    initial_cash     DECIMAL(20,8)  NOT NULL,
    current_cash     DECIMAL(20,8)  NOT NULL,
    frozen_cash      DECIMAL(20,8)  NOT NULL DEFAULT 0,
    margin_in_use    DECIMAL(20,8)  NOT NULL DEFAULT 0,
    created_at       DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at       DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT uq_accounts_name UNIQUE (name)
);

CREATE TABLE positions (
    id               INT PRIMARY KEY AUTO_INCREMENT,
    account_id       INT            NOT NULL,
    symbol           VARCHAR(20)    NOT NULL,
    side             VARCHAR(5)     NOT NULL,
    quantity         DECIMAL(28,8)  NOT NULL,
    avg_entry_price  DECIMAL(28,8)  NOT NULL,
    leverage         INT            NOT NULL,
    margin           DECIMAL(20,8)  NOT NULL,
    opened_at        DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at       DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT uq_positions_account_symbol UNIQUE (account_id, symbol),
    CONSTRAINT fk_positions_account FOREIGN KEY (account_id) REFERENCES accounts (id)
);

CREATE TABLE orders (
    id               INT PRIMARY KEY AUTO_INCREMENT,
    account_id       INT            NOT NULL,
    tick_id          VARCHAR(40),
    symbol           VARCHAR(20)    NOT NULL,
    operation        VARCHAR(10)    NOT NULL,
    side             VARCHAR(5)     NOT NULL,
    quantity         DECIMAL(28,8)  NOT NULL,
    price            DECIMAL(28,8)  NOT NULL,
    notional         DECIMAL(28,8)  NOT NULL,
    leverage         INT            NOT NULL,
    margin           DECIMAL(20,8)  NOT NULL,
    fee              DECIMAL(20,8)  NOT NULL,
    realized_pnl     DECIMAL(20,8)  NOT NULL DEFAULT 0,
    status           VARCHAR(12)    NOT NULL,
    created_at       DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT fk_orders_account FOREIGN KEY (account_id) REFERENCES accounts (id)
);

CREATE TABLE trades (
    id               INT PRIMARY KEY AUTO_INCREMENT,
    order_id         INT            NOT NULL,
    account_id       INT            NOT NULL,
    symbol           VARCHAR(20)    NOT NULL,
    side             VARCHAR(5)     NOT NULL,
    quantity         DECIMAL(28,8)  NOT NULL,
    price            DECIMAL(28,8)  NOT NULL,
    fee              DECIMAL(20,8)  NOT NULL,
    realized_pnl     DECIMAL(20,8)  NOT NULL DEFAULT 0,
    executed_at      DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT fk_trades_order FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT fk_trades_account FOREIGN KEY (account_id) REFERENCES accounts (id)
);

CREATE TABLE market_ticks (
    id               INT PRIMARY KEY AUTO_INCREMENT,
    tick_id          VARCHAR(40)    NOT NULL,
    trigger_source   VARCHAR(16)    NOT NULL,
    started_at       DATETIME(3)    NOT NULL,
    finished_at      DATETIME(3),
    status           VARCHAR(16)    NOT NULL,
    detail           VARCHAR(1000),
    prices_json      TEXT,
    missing_symbols  VARCHAR(200),
    news_chars       INT            NOT NULL DEFAULT 0,
    news_error       VARCHAR(500),
    accounts         INT            NOT NULL DEFAULT 0,
    CONSTRAINT uq_market_ticks_tick UNIQUE (tick_id)
);

CREATE TABLE ai_decision_logs (
    id               INT PRIMARY KEY AUTO_INCREMENT,
    account_id       INT            NOT NULL,
    decision_time    DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    tick_id          VARCHAR(40),

    reason           VARCHAR(1000)  NOT NULL,
    operation        VARCHAR(10)    NOT NULL,
    symbol           VARCHAR(20),
    direction        VARCHAR(5),
    prev_portion     DECIMAL(10,6)  DEFAULT 0,
    target_portion   DECIMAL(10,6)  NOT NULL,
    total_balance    DECIMAL(18,2)  NOT NULL,
    leverage         INT            DEFAULT 1,

    executed         VARCHAR(10)    DEFAULT 'false',
    order_id         INT,
    status           VARCHAR(16)    NOT NULL,
    error_code       VARCHAR(40),
    error_message    VARCHAR(1000),

    provider         VARCHAR(16),
    model            VARCHAR(200),
    latency_ms       INT,
    input_tokens     INT,
    output_tokens    INT,
    finish_reason    VARCHAR(40),
    request_id       VARCHAR(200),

    user_prompt      TEXT,
    reasoning_trace  TEXT,
    llm_output       TEXT,

    created_at       DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT fk_decision_logs_account FOREIGN KEY (account_id) REFERENCES accounts (id),
    CONSTRAINT fk_decision_logs_order FOREIGN KEY (order_id) REFERENCES orders (id)
);

CREATE INDEX ix_decision_logs_account_time ON ai_decision_logs (account_id, decision_time);
CREATE INDEX ix_decision_logs_time ON ai_decision_logs (decision_time);
CREATE INDEX ix_decision_logs_tick ON ai_decision_logs (tick_id);
CREATE INDEX ix_orders_account ON orders (account_id, created_at);
