-- Orders name the decision that produced them (ai_decision_logs.decision_id), so that when the database fails around
-- the commit the decision's outcome is read from what it holds, and every order can be reconciled with its row.
-- NULL on orders placed before V5 (their decision is found through ai_decision_logs.order_id).
-- H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11: one statement per change.
ALTER TABLE orders ADD COLUMN decision_id VARCHAR(36);
CREATE UNIQUE INDEX uq_orders_decision_id ON orders (decision_id);
