package io.camelarena.execution;

import io.camelarena.account.PortfolioRepository.PositionRows;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.DecisionError;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.Operation;
import io.camelarena.decision.ReplyNumbers;
import io.camelarena.decision.TradeDecision;
import io.camelarena.execution.LedgerMath.Cause;
import io.camelarena.execution.LedgerRows.OrderRow;
import io.camelarena.execution.PaperTradingMath.CloseFill;
import io.camelarena.execution.PaperTradingMath.OpenFill;
import io.github.resilience4j.retry.Retry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    static final String STATUS_FILLED = LedgerRows.STATUS_FILLED;
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
    private static final String SELECT_ORDER_OF_DECISION =
            "SELECT id, quantity, fee, realized_pnl FROM orders WHERE decision_id = ?";

    private final DataSource dataSource;
    private final BigDecimal takerFeeRate;
    private final Retry deadlockRetry = DeadlockRetry.of("order-deadlock", DeadlockVictim.class::isInstance);
    private final Map<String, BigDecimal> maintenanceMarginRates;
    private final Clock clock;

    /** @param takerFeeRate share of the notional charged on every fill, e.g. 0.0007 */
    public OrderExecutor(DataSource dataSource, BigDecimal takerFeeRate) {
        this(dataSource, takerFeeRate, Map.of(), Clock.systemUTC());
    }

    /**
     * @param maintenanceMarginRates symbol to its configured maintenance margin rate
     *                               ({@code arena.trading.maintenance-margin-rate.<SYMBOL>}); others follow the venue
     * @param clock                  the time a position is opened and closed at (its watermarks)
     */
    public OrderExecutor(DataSource dataSource, BigDecimal takerFeeRate, Map<String, BigDecimal> maintenanceMarginRates,
            Clock clock) {
        if (takerFeeRate == null || takerFeeRate.signum() < 0) {
            throw new IllegalArgumentException("taker fee rate must be zero or more, was " + takerFeeRate);
        }
        this.dataSource = dataSource;
        this.takerFeeRate = takerFeeRate;
        this.maintenanceMarginRates = Map.copyOf(maintenanceMarginRates);
        this.clock = clock;
    }

    /**
     * What the market says about the decision's symbol this tick beside its price.
     *
     * @param pricer            the round's slippage model
     * @param venueMaxLeverage  the venue's maximum leverage for the symbol, or null when unknown
     * @param hourlyFundingRate the venue's hourly funding rate, or null when unknown
     */
    public record OrderMarket(FillPricer pricer, Integer venueMaxLeverage, BigDecimal hourlyFundingRate) {

        /** No slippage, nothing known of the venue. */
        public static final OrderMarket NONE = new OrderMarket(FillPricer.NONE, null, null);

        public OrderMarket {
            pricer = pricer == null ? FillPricer.NONE : pricer;
        }
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
        return execute(accountId, decision, price, tickId, decisionId, OrderMarket.NONE);
    }

    /**
     * {@link #execute(long, TradeDecision, BigDecimal, String, String)} in a market: fills priced by its pricer, the
     * leverage clamped to the venue's maximum, the maintenance margin rate from the configuration or the venue.
     */
    public ExecutionResult execute(long accountId, TradeDecision decision, BigDecimal price, String tickId,
            String decisionId, OrderMarket market) {
        if (decision != null && decision.operation() == Operation.HOLD) {
            return ExecutionResult.hold();
        }
        Optional<DecisionError> invalid = checkInputs(decision, price);
        if (invalid.isPresent()) {
            return ExecutionResult.refused(invalid.get());
        }
        OrderRequest request = new OrderRequest(accountId, decision, PaperTradingMath.price(price), tickId,
                decisionId, market == null ? OrderMarket.NONE : market);
        // the order book (slippage model book) is fetched before the account row is locked, never while it is
        request.market().pricer().prefetch(request.symbol());
        try {
            return Retry.decorateSupplier(deadlockRetry, () -> transaction(request)).get();
        } catch (DeadlockVictim e) {
            return failed(request, e.cause, "(nothing was applied: the database chose it as a deadlock victim "
                    + DeadlockRetry.ATTEMPTS + " times)");
        }
    }

    /** A deadlock victim's SQLException thrown before the commit ({@link DeadlockRetry}): nothing was applied. */
    private static final class DeadlockVictim extends RuntimeException {
        final SQLException cause;

        DeadlockVictim(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** One transaction of the order: its outcome, or DeadlockVictim when the database rolled it back as one. */
    private ExecutionResult transaction(OrderRequest request) {
        ExecutionResult applied = null;
        boolean began = false;
        boolean ended = false;
        // The connection is closed right after the transaction, so auto-commit is not restored here (a pool resets
        // it on return); that reset can fail after the commit, which is why the outcome is kept before the close.
        try (Connection connection = dataSource.getConnection()) {
            began = true;
            connection.setAutoCommit(false);
            boolean refused = false;
            try {
                applied = apply(connection, request);
            } catch (OrderRefusedException refusal) {
                connection.rollback();
                applied = ExecutionResult.refused(refusal.error());
                refused = true;
            } catch (SQLException e) {
                rollbackQuietly(connection, e);
                if (DeadlockRetry.victim(e)) {
                    throw new DeadlockVictim(e);
                }
                throw e;
            } catch (RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
            if (!refused) {
                try {
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection, e);
                    throw e;
                }
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
            String decisionId, OrderMarket market) {

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
        OrderMarket market = request.market();
        int leverage = LedgerMath.leverage(decision.leverage(), market.venueMaxLeverage());
        boolean buy = decision.direction() == Side.LONG;
        OpenFill fill = PaperTradingMath.open(balance.cash(), decision.targetPortion(), request.price(), leverage,
                takerFeeRate, quantity -> market.pricer().fillPrice(request.symbol(), buy, quantity, request.price()));
        checkExits(decision, fill.price());
        long orderId = LedgerRows.recordFill(connection, request.accountId(), request.symbol(), request.tickId(),
                request.decisionId(), new OrderRow(Operation.OPEN, decision.direction(), fill.quantity(),
                        fill.referencePrice(), fill.price(), fill.notional(), fill.leverage(), fill.margin(),
                        fill.fee(), NO_PNL, NO_PNL, Cause.DECISION));
        Position opened = fill.position(request.symbol(), decision.direction());
        BigDecimal mmr = LedgerMath.maintenanceMarginRate(maintenanceMarginRates.get(request.symbol()),
                market.venueMaxLeverage());
        Instant now = clock.instant();
        LedgerRows.insertPosition(connection, request.accountId(), opened.withLedger(new Position.Ledger(0,
                price(decision.takeProfit()), price(decision.stopLoss()), LedgerMath.liquidationPrice(opened, mmr),
                mmr, now, now, market.hourlyFundingRate() == null ? null
                        : LedgerMath.fundingRate(market.hourlyFundingRate()))));
        LedgerRows.updateAccount(connection, request.accountId(), fill.cashAfter(),
                balance.marginInUse().add(fill.margin()));
        String note = fill.scaledDown();
        if (leverage < decision.leverage()) {
            note = (note == null ? "" : note + "; ") + "leverage " + decision.leverage() + "x clamped to the venue's"
                    + " maximum " + leverage + "x";
        }
        return ExecutionResult.filled(orderId, fill.fee(), NO_PNL, fill.quantity(), note);
    }

    /**
     * The exits must lie on either side of the entry, the fill price: the validator checked them against the tick's
     * price, and slippage can move the entry past one of them (a take-profit that would close at a loss).
     */
    private static void checkExits(TradeDecision decision, BigDecimal entry) throws OrderRefusedException {
        boolean isLong = decision.direction() == Side.LONG;
        BigDecimal takeProfit = decision.takeProfit();
        BigDecimal stopLoss = decision.stopLoss();
        if (takeProfit != null && (isLong ? takeProfit.compareTo(entry) <= 0 : takeProfit.compareTo(entry) >= 0)) {
            throw new OrderRefusedException(ErrorCode.INVALID_EXIT_PRICE, "take_profit " + takeProfit.toPlainString()
                    + " of a " + decision.direction().wire() + " must be " + (isLong ? "above" : "below")
                    + " the entry " + entry.stripTrailingZeros().toPlainString() + " (the fill price, after slippage)");
        }
        if (stopLoss != null && (isLong ? stopLoss.compareTo(entry) >= 0 : stopLoss.compareTo(entry) <= 0)) {
            throw new OrderRefusedException(ErrorCode.INVALID_EXIT_PRICE, "stop_loss " + stopLoss.toPlainString()
                    + " of a " + decision.direction().wire() + " must be " + (isLong ? "below" : "above")
                    + " the entry " + entry.stripTrailingZeros().toPlainString() + " (the fill price, after slippage)");
        }
    }

    private static BigDecimal price(BigDecimal exit) {
        return exit == null ? null : PaperTradingMath.price(exit);
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
        BigDecimal marginInUse = balance.marginInUse();
        // funding up to the close, at the position's last known rate (docs/ledger.md)
        if (position.ledger().fundingRate() != null) {
            PositionWatcher.Accrual accrual = PositionWatcher.accrue(request.accountId(), position, request.price(),
                    position.ledger().fundingRate(), clock.instant(), request.tickId());
            if (accrual.row() != null) {
                LedgerRows.insertFunding(connection, List.of(accrual.row()));
                marginInUse = marginInUse.subtract(accrual.row().funding().amount());
            }
            position = accrual.position();
        }
        boolean buy = position.side() == Side.SHORT;
        FillPricer pricer = request.market().pricer();
        CloseFill fill = PaperTradingMath.close(balance.cash(), position, request.decision().targetPortion(),
                request.price(), takerFeeRate,
                quantity -> pricer.fillPrice(request.symbol(), buy, quantity, request.price()));
        // The order carries the side and leverage of the position it closes and the margin it releases.
        long orderId = LedgerRows.recordFill(connection, request.accountId(), request.symbol(), request.tickId(),
                request.decisionId(), new OrderRow(Operation.CLOSE, position.side(), fill.quantity(),
                        fill.referencePrice(), fill.price(), fill.notional(), position.leverage(),
                        fill.releasedMargin(), fill.fee(), fill.realizedPnl(), fill.penalty(), Cause.DECISION));
        if (fill.closesWholePosition()) {
            LedgerRows.deletePosition(connection, request.accountId(), request.symbol());
        } else {
            Position rest = new Position(position.symbol(), position.side(), fill.remainingQuantity(),
                    position.avgEntryPrice(), position.leverage(), fill.remainingMargin(), position.ledger());
            Position.Ledger l = position.ledger();
            BigDecimal mmr = l.maintenanceMarginRate() != null ? l.maintenanceMarginRate()
                    : LedgerMath.DEFAULT_MAINTENANCE_MARGIN_RATE;
            LedgerRows.updatePosition(connection, request.accountId(), rest.withLedger(new Position.Ledger(l.id(),
                    l.takeProfit(), l.stopLoss(), LedgerMath.liquidationPrice(rest, mmr), mmr, l.checkedUntil(),
                    l.fundedUntil(), l.fundingRate())));
        }
        LedgerRows.updateAccount(connection, request.accountId(), fill.cashAfter(),
                marginInUse.subtract(fill.releasedMargin()));
        String note = fill.penalty().signum() < 0 ? "the loss and fee exceeded the released margin "
                + fill.releasedMargin().stripTrailingZeros().toPlainString() + ": "
                + fill.penalty().negate().stripTrailingZeros().toPlainString()
                + " waived (isolated margin)" : null;
        return ExecutionResult.filled(orderId, fill.fee(), fill.realizedPnl(), fill.quantity(), note);
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
