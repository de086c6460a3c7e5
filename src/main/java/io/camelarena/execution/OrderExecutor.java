package io.camelarena.execution;

import io.camelarena.account.PortfolioRepository.PositionRows;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.DecisionError;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.Operation;
import io.camelarena.decision.ReplyNumbers;
import io.camelarena.decision.TradeDecision;
import io.camelarena.execution.PaperTradingMath.CloseFill;
import io.camelarena.execution.PaperTradingMath.OpenFill;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills validated decisions as paper trades, one JDBC transaction per decision.
 *
 * <p>The account row is locked ({@code SELECT ... FOR UPDATE}) and the position re-read inside the transaction, so
 * the portfolio the model saw may be stale without harm. Either every row of the fill is written (order, trade,
 * position, account) or none is. SQL is portable across H2 (MODE=MySQL), MySQL 8 and MariaDB 10.11.
 *
 * <p>Each order carries the id of the decision that produced it ({@code orders.decision_id}). When the database fails
 * before the transaction is known to have ended (the commit throws, or the connection breaks), the result is what the
 * database holds: the order recorded under that decision id, or nothing applied. A failure after the transaction
 * ended (a pool's reset of the connection on close) does not change its outcome.
 *
 * <p>Domain problems never throw: they come back as a not-executed {@link ExecutionResult} with a
 * {@link DecisionError}. HOLD is not an order: it returns {@link ExecutionResult#hold()} without touching the
 * database; recording the hold is the caller's job.
 */
public class OrderExecutor {

    static final String STATUS_FILLED = "FILLED";
    private static final BigDecimal NO_PNL = PaperTradingMath.money(BigDecimal.ZERO);

    private static final Logger LOG = LoggerFactory.getLogger(OrderExecutor.class);
    private static final Pattern SECRET = Pattern.compile("(?i)(password|pwd|secret|token)=[^&;\\s]*");
    private static final int MAX_ERROR_DETAIL = 300;

    private static final String LOCK_ACCOUNT =
            "SELECT current_cash, margin_in_use FROM accounts WHERE id = ? FOR UPDATE";
    /*
     * No FOR UPDATE here: the account row lock already serializes every writer of this account's positions, and on
     * InnoDB a locking read of a missing (account_id, symbol) takes a gap lock that deadlocks with another account's
     * insert into the same gap. Being the first non-locking read of the transaction, it sees every fill committed
     * before the account lock was granted.
     */
    private static final String SELECT_POSITION =
            "SELECT " + PositionRows.COLUMNS + " FROM positions WHERE account_id = ? AND symbol = ?";
    private static final String INSERT_ORDER = "INSERT INTO orders (account_id, tick_id, decision_id, symbol,"
            + " operation, side, quantity, price, notional, leverage, margin, fee, realized_pnl, status)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_ORDER_OF_DECISION =
            "SELECT id, quantity, fee, realized_pnl FROM orders WHERE decision_id = ?";
    private static final String INSERT_TRADE = "INSERT INTO trades (order_id, account_id, symbol, side, quantity,"
            + " price, fee, realized_pnl) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_POSITION = "INSERT INTO positions (account_id, symbol, side, quantity,"
            + " avg_entry_price, leverage, margin) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String REDUCE_POSITION = "UPDATE positions SET quantity = ?, margin = ?,"
            + " updated_at = CURRENT_TIMESTAMP(3) WHERE account_id = ? AND symbol = ?";
    private static final String DELETE_POSITION = "DELETE FROM positions WHERE account_id = ? AND symbol = ?";
    private static final String UPDATE_ACCOUNT = "UPDATE accounts SET current_cash = ?, margin_in_use = ?,"
            + " updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?";

    private final DataSource dataSource;
    private final BigDecimal takerFeeRate;

    /** @param takerFeeRate share of the notional charged on every fill, e.g. 0.0007 */
    public OrderExecutor(DataSource dataSource, BigDecimal takerFeeRate) {
        if (takerFeeRate == null || takerFeeRate.signum() < 0) {
            throw new IllegalArgumentException("taker fee rate must be zero or more, was " + takerFeeRate);
        }
        this.dataSource = dataSource;
        this.takerFeeRate = takerFeeRate;
    }

    /** {@link #execute(long, TradeDecision, BigDecimal, String, String)} of an order linked to no decision. */
    public ExecutionResult execute(long accountId, TradeDecision decision, BigDecimal price, String tickId) {
        return execute(accountId, decision, price, tickId, null);
    }

    /**
     * Fills {@code decision} for {@code accountId} at {@code price}.
     *
     * @param price      the price of {@code decision.symbol()} in this tick
     * @param tickId     the tick the decision belongs to, recorded on the order; may be null
     * @param decisionId the decision's id ({@code ai_decision_logs.decision_id}), recorded on the order and used to
     *                   find out whether a fill the database failed to confirm was committed; may be null
     */
    public ExecutionResult execute(long accountId, TradeDecision decision, BigDecimal price, String tickId,
            String decisionId) {
        if (decision != null && decision.operation() == Operation.HOLD) {
            return ExecutionResult.hold();
        }
        Optional<DecisionError> invalid = checkInputs(decision, price);
        if (invalid.isPresent()) {
            return ExecutionResult.refused(invalid.get());
        }
        OrderRequest request = new OrderRequest(accountId, decision, PaperTradingMath.price(price), tickId,
                decisionId);
        ExecutionResult applied = null;
        boolean began = false;
        boolean ended = false;
        // The connection is closed right after the transaction, so auto-commit is not restored here (a pool resets
        // it on return); that reset can fail after the commit, which is why the outcome is kept before the close.
        try (Connection connection = dataSource.getConnection()) {
            began = true;
            connection.setAutoCommit(false);
            try {
                applied = apply(connection, request);
                connection.commit();
            } catch (OrderRefusedException refusal) {
                connection.rollback();
                applied = ExecutionResult.refused(refusal.error());
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
            ended = true;
            return applied;
        } catch (SQLException e) {
            if (ended) {
                LOG.warn("Closing the connection after {} failed; the transaction had ended ({}): {}",
                        request.describe(), applied.executed() ? "order " + applied.orderId() + " committed"
                                : "refused", safeMessage(e));
                return applied;
            }
            if (!began) {
                return failed(request, e, "(nothing was applied: no connection)");
            }
            return asTheDatabaseHoldsIt(request, applied, e);
        }
    }

    private record OrderRequest(long accountId, TradeDecision decision, BigDecimal price, String tickId,
            String decisionId) {

        String symbol() {
            return decision.symbol();
        }

        String describe() {
            return decision.operation().wire() + " " + decision.symbol() + " for account " + accountId;
        }
    }

    /** The account's cash and margin in use, read under the row lock. */
    private record AccountBalance(BigDecimal cash, BigDecimal marginInUse) {
    }

    /** A fill as recorded in the orders and trades tables. */
    private record OrderRow(Operation operation, Side side, BigDecimal quantity, BigDecimal price,
            BigDecimal notional, int leverage, BigDecimal margin, BigDecimal fee, BigDecimal realizedPnl) {
    }

    /**
     * The outcome of a transaction whose end is unknown (the commit or the connection failed): the order the
     * database holds for the decision, or nothing applied. {@code applied} is the fill written in the transaction,
     * if it got that far, whose details (a scaled-down note) are kept when its order turns out committed.
     */
    private ExecutionResult asTheDatabaseHoldsIt(OrderRequest request, ExecutionResult applied, SQLException failure) {
        if (request.decisionId() == null) {
            return failed(request, failure, "(not linked to a decision: whether it was applied was not checked)");
        }
        Optional<ExecutionResult> committed;
        try {
            committed = committedOrder(request.decisionId());
        } catch (SQLException lookupFailure) {
            failure.addSuppressed(lookupFailure);
            return failed(request, failure, "(whether it was applied is unknown: the order of decision "
                    + request.decisionId() + " could not be looked up: " + safeMessage(lookupFailure) + ")");
        }
        if (committed.isEmpty()) {
            return failed(request, failure, "(nothing was applied: no order of decision " + request.decisionId()
                    + ")");
        }
        ExecutionResult filled = committed.get();
        LOG.warn("{} failed to confirm ({}), but order {} of decision {} is committed: recorded as filled",
                request.describe(), safeMessage(failure), filled.orderId(), request.decisionId());
        return applied != null && applied.executed() && filled.orderId().equals(applied.orderId()) ? applied : filled;
    }

    /** The committed order of a decision, as a fill; its answer stands even if closing the connection fails. */
    private Optional<ExecutionResult> committedOrder(String decisionId) throws SQLException {
        Connection connection = dataSource.getConnection();
        Optional<ExecutionResult> found;
        try (PreparedStatement statement = connection.prepareStatement(SELECT_ORDER_OF_DECISION)) {
            statement.setString(1, decisionId);
            try (ResultSet row = statement.executeQuery()) {
                found = row.next() ? Optional.of(ExecutionResult.filled(row.getLong("id"), row.getBigDecimal("fee"),
                        row.getBigDecimal("realized_pnl"), row.getBigDecimal("quantity"))) : Optional.empty();
            }
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw e;
        }
        closeQuietly(connection, null);
        return found;
    }

    private ExecutionResult apply(Connection connection, OrderRequest request)
            throws SQLException, OrderRefusedException {
        AccountBalance balance = lockAccount(connection, request.accountId());
        Optional<Position> position = findPosition(connection, request.accountId(), request.symbol());
        return request.decision().operation() == Operation.OPEN
                ? open(connection, request, balance, position)
                : close(connection, request, balance, position);
    }

    private ExecutionResult open(Connection connection, OrderRequest request, AccountBalance balance,
            Optional<Position> existing) throws SQLException, OrderRefusedException {
        TradeDecision decision = request.decision();
        if (existing.isPresent()) {
            throw new OrderRefusedException(ErrorCode.POSITION_EXISTS, "account " + request.accountId()
                    + " already holds a " + existing.get().side().wire() + " " + request.symbol() + " position");
        }
        OpenFill fill = PaperTradingMath.open(balance.cash(), decision.targetPortion(), request.price(),
                decision.leverage(), takerFeeRate);
        long orderId = recordFill(connection, request, new OrderRow(Operation.OPEN, decision.direction(),
                fill.quantity(), fill.price(), fill.notional(), fill.leverage(), fill.margin(), fill.fee(),
                NO_PNL));
        insertPosition(connection, request.accountId(), fill.position(request.symbol(), decision.direction()));
        updateAccount(connection, request.accountId(), fill.cashAfter(), balance.marginInUse().add(fill.margin()));
        return ExecutionResult.filled(orderId, fill.fee(), NO_PNL, fill.quantity(), fill.scaledDown());
    }

    private ExecutionResult close(Connection connection, OrderRequest request, AccountBalance balance,
            Optional<Position> existing) throws SQLException, OrderRefusedException {
        Position position = existing.orElseThrow(() -> new OrderRefusedException(ErrorCode.NO_POSITION,
                "account " + request.accountId() + " holds no " + request.symbol() + " position to close"));
        Side asked = request.decision().direction();
        if (asked != null && asked != position.side()) {
            throw new OrderRefusedException(ErrorCode.INVALID_DIRECTION, "cannot close " + asked.wire() + " "
                    + request.symbol() + ": the position is " + position.side().wire());
        }
        CloseFill fill = PaperTradingMath.close(balance.cash(), position, request.decision().targetPortion(),
                request.price(), takerFeeRate);
        // The order carries the side and leverage of the position it closes and the margin it releases.
        long orderId = recordFill(connection, request, new OrderRow(Operation.CLOSE, position.side(),
                fill.quantity(), fill.price(), fill.notional(), position.leverage(), fill.releasedMargin(),
                fill.fee(), fill.realizedPnl()));
        if (fill.closesWholePosition()) {
            deletePosition(connection, request.accountId(), request.symbol());
        } else {
            reducePosition(connection, request.accountId(), request.symbol(), fill);
        }
        updateAccount(connection, request.accountId(), fill.cashAfter(),
                balance.marginInUse().subtract(fill.releasedMargin()));
        return ExecutionResult.filled(orderId, fill.fee(), fill.realizedPnl(), fill.quantity());
    }

    private static Optional<DecisionError> checkInputs(TradeDecision decision, BigDecimal price) {
        if (decision == null || decision.operation() == null) {
            return refusal(ErrorCode.UNKNOWN_OPERATION, "no operation to execute");
        }
        if (decision.symbol() == null || decision.symbol().isBlank()) {
            return refusal(ErrorCode.MISSING_SYMBOL, decision.operation().wire() + " needs a symbol");
        }
        if (price == null || PaperTradingMath.money(price).signum() <= 0) {
            return refusal(ErrorCode.NO_PRICE, "no usable price for " + decision.symbol() + ": " + price);
        }
        BigDecimal portion = decision.targetPortion();
        if (portion == null || portion.signum() <= 0 || portion.compareTo(BigDecimal.ONE) > 0) {
            return refusal(ErrorCode.PORTION_OUT_OF_RANGE, "portion must be in (0, 1], was " + portion);
        }
        if (!ReplyNumbers.isBounded(portion)) {
            // refused before the account lock: the arithmetic on such a portion would not finish while it is held
            return refusal(ErrorCode.PORTION_OUT_OF_RANGE, "portion " + portion + " has more than "
                    + ReplyNumbers.MAX_DIGITS + " digits or decimal places");
        }
        if (decision.operation() == Operation.OPEN && decision.direction() == null) {
            return refusal(ErrorCode.INVALID_DIRECTION, "open " + decision.symbol() + " needs long or short");
        }
        if (decision.operation() == Operation.OPEN && decision.leverage() < 1) {
            return refusal(ErrorCode.EXECUTION_FAILED, "leverage must be at least 1, was " + decision.leverage());
        }
        return Optional.empty();
    }

    private static Optional<DecisionError> refusal(ErrorCode code, String message) {
        return Optional.of(new DecisionError(code, message));
    }

    private static AccountBalance lockAccount(Connection connection, long accountId)
            throws SQLException, OrderRefusedException {
        try (PreparedStatement statement = connection.prepareStatement(LOCK_ACCOUNT)) {
            statement.setLong(1, accountId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new OrderRefusedException(ErrorCode.EXECUTION_FAILED, "account " + accountId + " not found");
                }
                return new AccountBalance(row.getBigDecimal("current_cash"), row.getBigDecimal("margin_in_use"));
            }
        }
    }

    private static Optional<Position> findPosition(Connection connection, long accountId, String symbol)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT_POSITION)) {
            statement.setLong(1, accountId);
            statement.setString(2, symbol);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(PositionRows.read(row)) : Optional.empty();
            }
        }
    }

    /** Inserts the order and its single trade; returns the order id. */
    private static long recordFill(Connection connection, OrderRequest request, OrderRow order) throws SQLException {
        long orderId = insertOrder(connection, request, order);
        insertTrade(connection, orderId, request, order);
        return orderId;
    }

    private static long insertOrder(Connection connection, OrderRequest request, OrderRow order)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ORDER,
                Statement.RETURN_GENERATED_KEYS)) {
            statement.setLong(1, request.accountId());
            statement.setString(2, request.tickId());
            statement.setString(3, request.decisionId());
            statement.setString(4, request.symbol());
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
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new order");
                }
                return keys.getLong(1);
            }
        }
    }

    private static void insertTrade(Connection connection, long orderId, OrderRequest request, OrderRow order)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_TRADE)) {
            statement.setLong(1, orderId);
            statement.setLong(2, request.accountId());
            statement.setString(3, request.symbol());
            statement.setString(4, order.side().wire());
            statement.setBigDecimal(5, order.quantity());
            statement.setBigDecimal(6, order.price());
            statement.setBigDecimal(7, order.fee());
            statement.setBigDecimal(8, order.realizedPnl());
            statement.executeUpdate();
        }
    }

    private static void insertPosition(Connection connection, long accountId, Position position)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_POSITION)) {
            statement.setLong(1, accountId);
            statement.setString(2, position.symbol());
            statement.setString(3, position.side().wire());
            statement.setBigDecimal(4, position.quantity());
            statement.setBigDecimal(5, position.avgEntryPrice());
            statement.setInt(6, position.leverage());
            statement.setBigDecimal(7, position.margin());
            statement.executeUpdate();
        }
    }

    private static void reducePosition(Connection connection, long accountId, String symbol, CloseFill fill)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(REDUCE_POSITION)) {
            statement.setBigDecimal(1, fill.remainingQuantity());
            statement.setBigDecimal(2, fill.remainingMargin());
            statement.setLong(3, accountId);
            statement.setString(4, symbol);
            expectOneRow(statement.executeUpdate(), "position " + symbol);
        }
    }

    private static void deletePosition(Connection connection, long accountId, String symbol) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_POSITION)) {
            statement.setLong(1, accountId);
            statement.setString(2, symbol);
            expectOneRow(statement.executeUpdate(), "position " + symbol);
        }
    }

    private static void updateAccount(Connection connection, long accountId, BigDecimal cash,
            BigDecimal marginInUse) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_ACCOUNT)) {
            statement.setBigDecimal(1, cash);
            statement.setBigDecimal(2, marginInUse);
            statement.setLong(3, accountId);
            expectOneRow(statement.executeUpdate(), "account " + accountId);
        }
    }

    private static void expectOneRow(int updated, String what) throws SQLException {
        if (updated != 1) {
            throw new SQLException("expected to change one row of " + what + " but changed " + updated);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException closeFailure) {
            if (cause != null) {
                cause.addSuppressed(closeFailure);
            }
        }
    }

    /** @param outcome what is known of the database's state after the failure, for the message */
    private static ExecutionResult failed(OrderRequest request, SQLException e, String outcome) {
        LOG.warn("Execution of {} failed {}", request.describe(), outcome, e);
        String detail = "database error (SQLState " + e.getSQLState() + "): " + safeMessage(e);
        return ExecutionResult.refused(new DecisionError(ErrorCode.EXECUTION_FAILED,
                "could not execute " + request.describe() + ": " + detail + " " + outcome));
    }

    /** First line of the driver's message, with anything that looks like a secret masked, and kept short. */
    private static String safeMessage(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.lines().findFirst().orElse("").strip();
        message = SECRET.matcher(message).replaceAll("$1=***");
        return message.length() <= MAX_ERROR_DETAIL ? message : message.substring(0, MAX_ERROR_DETAIL) + "...";
    }
}
