package io.camelarena.execution;

import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.Operation;
import io.camelarena.execution.LedgerMath.Cause;
import io.camelarena.execution.LedgerMath.Funding;
import io.camelarena.support.IsoTimes;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * The rows a fill, a funding accrual or a position change writes (orders, trades, positions, funding_payments,
 * accounts), shared by the order executor and the position watcher. Each runs on the caller's connection and
 * transaction. Times are bound as text ({@link IsoTimes#sqlDateTime(Instant)}), as the rest of the schema's.
 */
final class LedgerRows {

    static final String STATUS_FILLED = "FILLED";

    private static final String INSERT_ORDER = "INSERT INTO orders (account_id, tick_id, decision_id, symbol,"
            + " operation, side, quantity, price, notional, leverage, margin, fee, realized_pnl, status, cause,"
            + " reference_price, penalty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TRADE = "INSERT INTO trades (order_id, account_id, symbol, side, quantity,"
            + " price, fee, realized_pnl, cause) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_POSITION = "INSERT INTO positions (account_id, symbol, side, quantity,"
            + " avg_entry_price, leverage, margin, take_profit, stop_loss, liquidation_price, maintenance_margin_rate,"
            + " checked_until, funded_until, funding_rate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_POSITION = "UPDATE positions SET quantity = ?, margin = ?,"
            + " liquidation_price = ?, checked_until = ?, funded_until = ?, funding_rate = ?,"
            + " updated_at = CURRENT_TIMESTAMP(3) WHERE account_id = ? AND symbol = ?";
    private static final String DELETE_POSITION = "DELETE FROM positions WHERE account_id = ? AND symbol = ?";
    private static final String UPDATE_ACCOUNT = "UPDATE accounts SET current_cash = ?, margin_in_use = ?,"
            + " updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?";
    private static final String INSERT_FUNDING = "INSERT INTO funding_payments (account_id, position_id, symbol, side,"
            + " quantity, mark_price, hourly_rate, hours, amount, period_start, period_end, tick_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private LedgerRows() {
    }

    /** A fill as recorded in the orders and trades tables. */
    record OrderRow(Operation operation, Side side, BigDecimal quantity, BigDecimal referencePrice, BigDecimal price,
            BigDecimal notional, int leverage, BigDecimal margin, BigDecimal fee, BigDecimal realizedPnl,
            BigDecimal penalty, Cause cause) {
    }

    /** Inserts the order and its single trade; returns the order id. */
    static long recordFill(Connection connection, long accountId, String symbol, String tickId, String decisionId,
            OrderRow order) throws SQLException {
        long orderId;
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ORDER,
                Statement.RETURN_GENERATED_KEYS)) {
            statement.setLong(1, accountId);
            statement.setString(2, tickId);
            statement.setString(3, decisionId);
            statement.setString(4, symbol);
            statement.setString(5, order.operation().wire());
            statement.setString(6, order.side().wire());
            statement.setBigDecimal(7, order.quantity());
            statement.setBigDecimal(8, order.price());
            statement.setBigDecimal(9, order.notional());
            statement.setInt(10, order.leverage());
            statement.setBigDecimal(11, order.margin());
            statement.setBigDecimal(12, order.fee());
            statement.setBigDecimal(13, order.realizedPnl());
            statement.setString(14, STATUS_FILLED);
            statement.setString(15, order.cause().name());
            statement.setBigDecimal(16, order.referencePrice());
            statement.setBigDecimal(17, order.penalty());
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new order");
                }
                orderId = keys.getLong(1);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_TRADE)) {
            statement.setLong(1, orderId);
            statement.setLong(2, accountId);
            statement.setString(3, symbol);
            statement.setString(4, order.side().wire());
            statement.setBigDecimal(5, order.quantity());
            statement.setBigDecimal(6, order.price());
            statement.setBigDecimal(7, order.fee());
            statement.setBigDecimal(8, order.realizedPnl());
            statement.setString(9, order.cause().name());
            statement.executeUpdate();
        }
        return orderId;
    }

    static void insertPosition(Connection connection, long accountId, Position position) throws SQLException {
        Position.Ledger l = position.ledger();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_POSITION)) {
            statement.setLong(1, accountId);
            statement.setString(2, position.symbol());
            statement.setString(3, position.side().wire());
            statement.setBigDecimal(4, position.quantity());
            statement.setBigDecimal(5, position.avgEntryPrice());
            statement.setInt(6, position.leverage());
            statement.setBigDecimal(7, position.margin());
            statement.setBigDecimal(8, l.takeProfit());
            statement.setBigDecimal(9, l.stopLoss());
            statement.setBigDecimal(10, l.liquidationPrice());
            statement.setBigDecimal(11, l.maintenanceMarginRate() == null
                    ? LedgerMath.DEFAULT_MAINTENANCE_MARGIN_RATE : l.maintenanceMarginRate());
            statement.setString(12, time(l.checkedUntil()));
            statement.setString(13, time(l.fundedUntil()));
            statement.setBigDecimal(14, l.fundingRate());
            statement.executeUpdate();
        }
    }

    /** Writes quantity, margin, liquidation price and watermarks of a position that stays open. */
    static void updatePosition(Connection connection, long accountId, Position position) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_POSITION)) {
            bindUpdate(statement, accountId, position);
            expectOneRow(statement.executeUpdate(), "position " + position.symbol());
        }
    }

    /** {@link #updatePosition} of many positions in one batch (one round trip). */
    static void updatePositions(Connection connection, java.util.List<java.util.Map.Entry<Long, Position>> positions)
            throws SQLException {
        if (positions.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_POSITION)) {
            for (var entry : positions) {
                bindUpdate(statement, entry.getKey(), entry.getValue());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void bindUpdate(PreparedStatement statement, long accountId, Position position)
            throws SQLException {
        Position.Ledger l = position.ledger();
        statement.setBigDecimal(1, position.quantity());
        statement.setBigDecimal(2, position.margin());
        statement.setBigDecimal(3, l.liquidationPrice());
        statement.setString(4, time(l.checkedUntil()));
        statement.setString(5, time(l.fundedUntil()));
        statement.setBigDecimal(6, l.fundingRate());
        statement.setLong(7, accountId);
        statement.setString(8, position.symbol());
    }

    static void deletePosition(Connection connection, long accountId, String symbol) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_POSITION)) {
            statement.setLong(1, accountId);
            statement.setString(2, symbol);
            expectOneRow(statement.executeUpdate(), "position " + symbol);
        }
    }

    static void updateAccount(Connection connection, long accountId, BigDecimal cash, BigDecimal marginInUse)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_ACCOUNT)) {
            statement.setBigDecimal(1, cash);
            statement.setBigDecimal(2, marginInUse);
            statement.setLong(3, accountId);
            expectOneRow(statement.executeUpdate(), "account " + accountId);
        }
    }

    /** An account's cash and margin in use to write. */
    record AccountMoney(long accountId, BigDecimal cash, BigDecimal marginInUse) {
    }

    /** {@link #updateAccount} of many accounts in one batch (one round trip). */
    static void updateAccounts(Connection connection, java.util.List<AccountMoney> accounts) throws SQLException {
        if (accounts.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_ACCOUNT)) {
            for (AccountMoney account : accounts) {
                statement.setBigDecimal(1, account.cash());
                statement.setBigDecimal(2, account.marginInUse());
                statement.setLong(3, account.accountId());
                statement.addBatch();
            }
            for (int updated : statement.executeBatch()) {
                if (updated != 1 && updated != Statement.SUCCESS_NO_INFO) {
                    throw new SQLException("expected to change one account row but changed " + updated);
                }
            }
        }
    }

    /** One funding accrual, as {@link #insertFunding} batches it. */
    record FundingRow(long accountId, Position position, Funding funding, Instant from, Instant to, String tickId) {
    }

    /** Inserts funding rows in one batch. */
    static void insertFunding(Connection connection, java.util.List<FundingRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_FUNDING)) {
            for (FundingRow row : rows) {
                Position p = row.position();
                statement.setLong(1, row.accountId());
                statement.setLong(2, p.ledger().id());
                statement.setString(3, p.symbol());
                statement.setString(4, p.side().wire());
                statement.setBigDecimal(5, p.quantity());
                statement.setBigDecimal(6, row.funding().markPrice());
                statement.setBigDecimal(7, row.funding().hourlyRate());
                statement.setBigDecimal(8, row.funding().hours());
                statement.setBigDecimal(9, row.funding().amount());
                statement.setString(10, time(row.from()));
                statement.setString(11, time(row.to()));
                statement.setString(12, row.tickId());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : IsoTimes.sqlDateTime(instant);
    }

    static void expectOneRow(int updated, String what) throws SQLException {
        if (updated != 1) {
            throw new SQLException("expected to change one row of " + what + " but changed " + updated);
        }
    }
}
