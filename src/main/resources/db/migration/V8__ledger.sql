-- The exchange-grade paper ledger (docs/ledger.md): isolated margin with liquidation, take-profit and stop-loss
-- between ticks, funding, and the reference price of every fill. H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11: one
-- statement per change.

-- What caused an order and its trade: DECISION (a model's decision), TAKE_PROFIT, STOP_LOSS, LIQUIDATION (the
-- ledger between ticks). Orders before V8 were all decisions.
ALTER TABLE orders ADD COLUMN cause VARCHAR(16) NOT NULL DEFAULT 'DECISION';
ALTER TABLE trades ADD COLUMN cause VARCHAR(16) NOT NULL DEFAULT 'DECISION';
-- The price the order referred to (the tick's price, a trigger price, a liquidation price); price is the fill price
-- after slippage. NULL on orders before V8 (they filled at their reference price).
ALTER TABLE orders ADD COLUMN reference_price DECIMAL(28,8);
-- What a liquidation forfeited beyond the realized PnL: margin + realized PnL (the account loses exactly the margin);
-- on another close, negative: the loss and fee beyond the released margin, waived (cash never goes below zero).
ALTER TABLE orders ADD COLUMN penalty DECIMAL(20,8) NOT NULL DEFAULT 0;
CREATE INDEX ix_orders_account_cause ON orders (account_id, cause, id);

-- A position's exits (absolute prices, NULL: none), its liquidation price (NULL: none, e.g. a 1x long) and the
-- maintenance margin rate it was opened under (NULL on positions opened before V8: the ledger's rule for a venue
-- that gives no maximum leverage, 0.05, applies to them).
ALTER TABLE positions ADD COLUMN take_profit DECIMAL(28,8);
ALTER TABLE positions ADD COLUMN stop_loss DECIMAL(28,8);
ALTER TABLE positions ADD COLUMN liquidation_price DECIMAL(28,8);
ALTER TABLE positions ADD COLUMN maintenance_margin_rate DECIMAL(12,8);
-- Watermarks: the 1-minute candles that opened before checked_until have been applied; funding has been accrued up
-- to funded_until, at funding_rate (the last known hourly rate, used when the position closes between ticks).
ALTER TABLE positions ADD COLUMN checked_until DATETIME(3);
ALTER TABLE positions ADD COLUMN funded_until DATETIME(3);
ALTER TABLE positions ADD COLUMN funding_rate DECIMAL(24,12);

-- One row per funding accrual of a position. amount: POSITIVE = the account paid, NEGATIVE = it received.
CREATE TABLE funding_payments (
    id               INT PRIMARY KEY AUTO_INCREMENT,
    account_id       INT            NOT NULL,
    position_id      INT            NOT NULL,
    symbol           VARCHAR(20)    NOT NULL,
    side             VARCHAR(5)     NOT NULL,
    quantity         DECIMAL(28,8)  NOT NULL,
    mark_price       DECIMAL(28,8)  NOT NULL,
    hourly_rate      DECIMAL(24,12) NOT NULL,
    hours            DECIMAL(20,8)  NOT NULL,
    amount           DECIMAL(20,8)  NOT NULL,
    period_start     DATETIME(3)    NOT NULL,
    period_end       DATETIME(3)    NOT NULL,
    tick_id          VARCHAR(40),
    created_at       DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT fk_funding_payments_account FOREIGN KEY (account_id) REFERENCES accounts (id)
);
CREATE INDEX ix_funding_payments_account ON funding_payments (account_id, id);
