-- Orders name the decision that produced them (ai_decision_logs.decision_id), so that when the database fails around
-- the commit the decision's outcome is read from what it holds, and every order can be reconciled with its row.
-- NULL on orders placed before V5 (their decision is found through ai_decision_logs.order_id).
-- H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11: one statement per change.
ALTER TABLE orders ADD COLUMN decision_id VARCHAR(36);
CREATE UNIQUE INDEX uq_orders_decision_id ON orders (decision_id);

-- A decision row whose total assets are not known (the portfolio could not be loaded, or a held symbol had no price
-- that tick) records no total_balance rather than a made-up 0.00; the leaderboard's equity history leaves it out.
ALTER TABLE ai_decision_logs MODIFY total_balance DECIMAL(18,2) NULL;
