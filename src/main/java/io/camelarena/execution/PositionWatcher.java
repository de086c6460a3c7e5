package io.camelarena.execution;

import io.camelarena.account.PortfolioRepository.PositionRows;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.Operation;
import io.camelarena.execution.LedgerMath.Cause;
import io.camelarena.execution.LedgerMath.Funding;
import io.camelarena.execution.LedgerMath.Liquidation;
import io.camelarena.execution.LedgerMath.Trigger;
import io.camelarena.execution.LedgerRows.FundingRow;
import io.camelarena.execution.LedgerRows.OrderRow;
import io.camelarena.execution.PaperTradingMath.CloseFill;
import io.camelarena.market.Candle;
import io.github.resilience4j.retry.Retry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger between decisions (docs/ledger.md): applies the closed 1-minute candles since each position's last check,
 * in time order (stop-loss, then liquidation, then take-profit within a candle), then, at a tick, the tick's price and
 * the funding accrual. One JDBC transaction per round for all the given accounts: their rows are locked
 * ({@code SELECT ... FOR UPDATE}, in id order) and their positions re-read under the lock, so a round never applies a
 * candle twice (the position's {@code checked_until} watermark moves with it) and never races an order of the same
 * account. The statements of a round do not depend on the number of decisions: two reads, then batches.
 */
public class PositionWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(PositionWatcher.class);
    private static final Duration CANDLE_END = Duration.ofMillis(1);

    private final DataSource dataSource;
    private final BigDecimal takerFeeRate;
    private final Retry deadlockRetry = DeadlockRetry.of("ledger-round-deadlock", PositionWatcher::deadlockVictim);

    public PositionWatcher(DataSource dataSource, BigDecimal takerFeeRate) {
        this.dataSource = dataSource;
        this.takerFeeRate = takerFeeRate;
    }

    /**
     * What a round looks at beside the candles: at a tick, its prices and funding (symbol to mark and hourly rate);
     * between ticks, neither.
     *
     * @param prices  the tick's prices (a position is checked against its price too), or empty
     * @param funding symbol to its mark price and hourly funding rate, or empty (no accrual this round)
     * @param tickId  the tick recorded on the funding rows, or null
     */
    public record RoundMarket(Map<String, BigDecimal> prices, Map<String, FundingQuote> funding, String tickId) {

        public static final RoundMarket BETWEEN_TICKS = new RoundMarket(Map.of(), Map.of(), null);

        public RoundMarket {
            prices = Map.copyOf(prices);
            funding = Map.copyOf(funding);
        }
    }

    /** A symbol's mark price and hourly funding rate at a tick. */
    public record FundingQuote(BigDecimal markPrice, BigDecimal hourlyRate) {
    }

    /** What a round did. */
    public record Outcome(int positions, int liquidations, int stopLosses, int takeProfits, int fundingAccruals,
            List<String> events) {

        public static final Outcome NOTHING = new Outcome(0, 0, 0, 0, 0, List.of());

        public int exits() {
            return liquidations + stopLosses + takeProfits;
        }
    }

    /**
     * For each symbol held by these accounts, the time from which its candles are needed (the oldest watermark of its
     * positions, or its oldest open time). One read, no lock.
     */
    public Map<String, Instant> watchedSymbols(Collection<Long> accountIds) {
        Map<String, Instant> symbols = new LinkedHashMap<>();
        List<Long> ids = List.copyOf(new LinkedHashSet<>(accountIds));
        if (ids.isEmpty()) {
            return symbols;
        }
        String sql = "SELECT symbol, MIN(COALESCE(checked_until, opened_at)) AS since FROM positions"
                + " WHERE account_id IN (" + marks(ids.size()) + ") GROUP BY symbol ORDER BY symbol";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, ids, 1);
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    var since = rows.getTimestamp("since");
                    symbols.put(rows.getString("symbol"), since == null ? null : since.toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the watched positions of " + ids.size()
                    + " account(s): " + e.getMessage(), e);
        }
        return symbols;
    }

    /**
     * Applies {@code candles} (symbol to closed 1-minute candles, any order) and {@code market} to the open positions
     * of {@code accountIds} as of {@code now}, each fill priced by {@code pricer}.
     *
     * @throws IllegalStateException wrapping an SQLException; nothing was applied
     */
    public Outcome apply(Collection<Long> accountIds, Map<String, List<Candle>> candles, RoundMarket market,
            Instant now, FillPricer pricer) {
        // a round the database chose as a deadlock victim was rolled back whole: it runs again (DeadlockRetry)
        return Retry.decorateSupplier(deadlockRetry, () -> round(accountIds, candles, market, now, pricer)).get();
    }

    private static boolean deadlockVictim(Throwable e) {
        return e instanceof IllegalStateException && e.getCause() instanceof SQLException cause
                && DeadlockRetry.victim(cause);
    }

    private Outcome round(Collection<Long> accountIds, Map<String, List<Candle>> candles, RoundMarket market,
            Instant now, FillPricer pricer) {
        List<Long> ids = new ArrayList<>(new LinkedHashSet<>(accountIds));
        if (ids.isEmpty()) {
            return Outcome.NOTHING;
        }
        Collections.sort(ids);
        Map<String, List<Candle>> sorted = new LinkedHashMap<>();
        candles.forEach((symbol, list) -> sorted.put(symbol, list.stream()
                .sorted(Comparator.comparing(Candle::openTime)).toList()));
        try (Connection connection = dataSource.getConnection()) {
            // Which of the accounts hold positions: read before the transaction, so that its first non-locking read
            // (the positions, after the accounts are locked) sees every fill committed before the locks were granted.
            List<Long> holders = holders(connection, ids);
            if (holders.isEmpty()) {
                return Outcome.NOTHING;
            }
            connection.setAutoCommit(false);
            while (true) {
                try {
                    Outcome outcome = apply(connection, holders, sorted, market, now, pricer);
                    connection.commit();
                    return outcome;
                } catch (BookNeeded needed) {
                    // an exit needs an order book not fetched yet: fetched with no lock held, then the round again
                    connection.rollback();
                    pricer.prefetch(needed.symbol);
                } catch (SQLException | RuntimeException e) {
                    try {
                        connection.rollback();
                    } catch (SQLException rollbackFailure) {
                        e.addSuppressed(rollbackFailure);
                    }
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger round of " + ids.size() + " account(s) failed, nothing was"
                    + " applied: " + e.getMessage(), e);
        }
    }

    private Outcome apply(Connection connection, List<Long> ids, Map<String, List<Candle>> candles,
            RoundMarket market, Instant now, FillPricer pricer) throws SQLException {
        Map<Long, Book> books = lock(connection, ids);
        if (books.isEmpty()) {
            return Outcome.NOTHING;
        }
        Rounds round = new Rounds();
        List<Map.Entry<Long, Position>> updated = new ArrayList<>();
        int positions = 0;
        for (Book book : books.values()) {
            for (Position position : book.positions) {
                positions++;
                Position kept = watch(connection, book, position, candles.getOrDefault(position.symbol(), List.of()),
                        market, now, pricer, round);
                if (kept != null && !kept.equals(position)) {
                    updated.add(Map.entry(book.accountId, kept));
                }
            }
        }
        LedgerRows.updatePositions(connection, updated);
        LedgerRows.insertFunding(connection, round.funding);
        LedgerRows.updateAccounts(connection, books.values().stream().filter(book -> book.changed)
                .map(book -> new LedgerRows.AccountMoney(book.accountId, book.cash, book.marginInUse)).toList());
        return new Outcome(positions, round.count(Cause.LIQUIDATION), round.count(Cause.STOP_LOSS),
                round.count(Cause.TAKE_PROFIT), round.funding.size(), List.copyOf(round.events));
    }

    /** One account's money and positions as locked for the round. */
    private static final class Book {
        final long accountId;
        BigDecimal cash;
        BigDecimal marginInUse;
        final List<Position> positions = new ArrayList<>();
        boolean changed;

        Book(long accountId, BigDecimal cash, BigDecimal marginInUse) {
            this.accountId = accountId;
            this.cash = cash;
            this.marginInUse = marginInUse;
        }
    }

    /** What a round collected for its batches and its outcome. */
    private static final class Rounds {
        final List<FundingRow> funding = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final Map<Cause, Integer> counts = new java.util.EnumMap<>(Cause.class);

        int count(Cause cause) {
            return counts.getOrDefault(cause, 0);
        }
    }

    /**
     * Applies the round to one position; returns the position as it stays open, or null when it was closed (its
     * order, trade and delete are written at once).
     */
    private Position watch(Connection connection, Book book, Position position, List<Candle> candles,
            RoundMarket market, Instant now, FillPricer pricer, Rounds round) throws SQLException {
        Position current = initialized(position, now);
        for (Candle candle : candles) {
            Instant end = candle.closeTime().plus(CANDLE_END);
            Instant checked = current.ledger().checkedUntil();
            if (checked != null && candle.openTime().isBefore(checked) || end.isAfter(now.plus(CANDLE_END))) {
                continue;
            }
            Optional<Trigger> trigger = LedgerMath.trigger(current, candle.open(), candle.high(), candle.low());
            if (trigger.isPresent()) {
                exit(connection, book, current, trigger.get(), end, market.tickId(), pricer, round);
                return null;
            }
            current = withChecked(current, end);
        }
        // The tick's price is checked even when the candles since the last check could not be had (they are applied
        // by a later round): a position never goes into the decisions beyond its liquidation price.
        BigDecimal price = market.prices().get(current.symbol());
        if (price != null && exitAt(connection, book, current, price, now, market.tickId(), pricer, round)) {
            return null;
        }
        FundingQuote quote = market.funding().get(current.symbol());
        if (quote != null && quote.hourlyRate() != null) {
            BigDecimal mark = quote.markPrice() != null ? quote.markPrice() : market.prices().get(current.symbol());
            if (mark != null) {
                Accrual accrual = accrue(book.accountId, current, mark, quote.hourlyRate(), now, market.tickId());
                current = booked(book, accrual, round);
                // funding moved the liquidation price: the position must not go into the decisions beyond it
                if (price != null && exitAt(connection, book, current, price, now, market.tickId(), pricer, round)) {
                    return null;
                }
            }
        }
        return current;
    }

    /** Closes the position when {@code price} triggers one of its exits or its liquidation. */
    private boolean exitAt(Connection connection, Book book, Position position, BigDecimal price, Instant now,
            String tickId, FillPricer pricer, Rounds round) throws SQLException {
        Optional<Trigger> trigger = LedgerMath.trigger(position, price, price, price);
        if (trigger.isEmpty()) {
            return false;
        }
        exit(connection, book, position, trigger.get(), now, tickId, pricer, round);
        return true;
    }

    /** Thrown inside a round's transaction when an exit needs an order book the round has not fetched yet. */
    private static final class BookNeeded extends RuntimeException {
        final String symbol;

        BookNeeded(String symbol) {
            super("order book of " + symbol + " needed", null, false, false);
            this.symbol = symbol;
        }
    }

    /** A position stored before the ledger (no watermark): its liquidation price, checked and funded from now. */
    private static Position initialized(Position position, Instant now) {
        Position.Ledger l = position.ledger();
        if (l.checkedUntil() != null) {
            return position;
        }
        BigDecimal mmr = l.maintenanceMarginRate() != null ? l.maintenanceMarginRate()
                : LedgerMath.DEFAULT_MAINTENANCE_MARGIN_RATE;
        return position.withLedger(new Position.Ledger(l.id(), l.takeProfit(), l.stopLoss(),
                l.liquidationPrice() != null ? l.liquidationPrice() : LedgerMath.liquidationPrice(position, mmr),
                mmr, now, l.fundedUntil() != null ? l.fundedUntil() : now, l.fundingRate()));
    }

    private static Position withChecked(Position position, Instant checkedUntil) {
        Position.Ledger l = position.ledger();
        return position.withLedger(new Position.Ledger(l.id(), l.takeProfit(), l.stopLoss(), l.liquidationPrice(),
                l.maintenanceMarginRate(), checkedUntil, l.fundedUntil(), l.fundingRate()));
    }

    /** Closes the whole position for {@code trigger} at {@code time}: funding up to then, the fill, its rows. */
    private void exit(Connection connection, Book book, Position position, Trigger trigger, Instant time,
            String tickId, FillPricer pricer, Rounds round) throws SQLException {
        if (!pricer.ready(position.symbol())) {
            throw new BookNeeded(position.symbol());
        }
        Position current = position;
        if (current.ledger().fundingRate() != null) {
            current = booked(book, accrue(book.accountId, current, trigger.referencePrice(),
                    current.ledger().fundingRate(), time, tickId), round);
        }
        boolean buy = current.side() == Side.SHORT;
        OrderRow order;
        if (trigger.cause() == Cause.LIQUIDATION) {
            BigDecimal fill = pricer.fillPrice(current.symbol(), buy, current.quantity(), trigger.referencePrice());
            Liquidation liquidation = LedgerMath.liquidate(current, trigger.referencePrice(), fill);
            order = new OrderRow(Operation.CLOSE, current.side(), liquidation.quantity(),
                    liquidation.referencePrice(), liquidation.price(), liquidation.notional(), current.leverage(),
                    liquidation.releasedMargin(), PaperTradingMath.money(BigDecimal.ZERO), liquidation.realizedPnl(),
                    liquidation.penalty(), Cause.LIQUIDATION);
            book.cash = book.cash.add(liquidation.releasedMargin()).add(liquidation.realizedPnl())
                    .subtract(liquidation.penalty());
            book.marginInUse = book.marginInUse.subtract(liquidation.releasedMargin());
        } else {
            CloseFill fill;
            try {
                Position closing = current;
                fill = PaperTradingMath.close(book.cash, closing, BigDecimal.ONE, trigger.referencePrice(),
                        takerFeeRate, quantity -> pricer.fillPrice(closing.symbol(), buy, quantity,
                                PaperTradingMath.price(trigger.referencePrice())));
            } catch (OrderRefusedException e) {
                // a whole close is never too small (its quantity is the position's); a defect if it happens
                throw new IllegalStateException(e.getMessage(), e);
            }
            order = new OrderRow(Operation.CLOSE, current.side(), fill.quantity(), fill.referencePrice(),
                    fill.price(), fill.notional(), current.leverage(), fill.releasedMargin(), fill.fee(),
                    fill.realizedPnl(), fill.penalty(), trigger.cause());
            book.cash = fill.cashAfter();
            book.marginInUse = book.marginInUse.subtract(fill.releasedMargin());
        }
        book.changed = true;
        LedgerRows.recordFill(connection, book.accountId, current.symbol(), tickId, null, order);
        LedgerRows.deletePosition(connection, book.accountId, current.symbol());
        round.counts.merge(trigger.cause(), 1, Integer::sum);
        String event = "account " + book.accountId + " " + current.symbol() + " " + current.side().wire() + " "
                + trigger.cause() + " at " + order.price().toPlainString() + " (reference "
                + order.referencePrice().toPlainString() + "), realized PnL " + order.realizedPnl().toPlainString()
                + (order.penalty().signum() != 0 ? ", penalty " + order.penalty().toPlainString() : "");
        round.events.add(event);
        LOG.info("ledger: {}", event);
    }

    /** A funding accrual of one position: the position after it and the row to write, if any. */
    record Accrual(Position position, FundingRow row) {
    }

    /**
     * Funding of {@code position} from its funded-until watermark to {@code to} at {@code mark} and
     * {@code hourlyRate}: booked against its margin (moving its liquidation price). A position without a watermark
     * starts accruing from {@code to}; an accrual that rounds to zero writes no row but still moves the watermark.
     */
    static Accrual accrue(long accountId, Position position, BigDecimal mark, BigDecimal hourlyRate, Instant to,
            String tickId) {
        Position.Ledger l = position.ledger();
        BigDecimal rate = LedgerMath.fundingRate(hourlyRate);
        Instant from = l.fundedUntil();
        if (from == null || !to.isAfter(from)) {
            Instant until = from == null ? to : from;
            return new Accrual(position.withLedger(new Position.Ledger(l.id(), l.takeProfit(), l.stopLoss(),
                    l.liquidationPrice(), l.maintenanceMarginRate(), l.checkedUntil(), until, rate)), null);
        }
        Funding funding = LedgerMath.funding(position, mark, rate, Duration.between(from, to).toMillis());
        BigDecimal margin = position.margin().subtract(funding.amount());
        Position moved = new Position(position.symbol(), position.side(), position.quantity(),
                position.avgEntryPrice(), position.leverage(), margin, l);
        BigDecimal mmr = l.maintenanceMarginRate() != null ? l.maintenanceMarginRate()
                : LedgerMath.DEFAULT_MAINTENANCE_MARGIN_RATE;
        BigDecimal liquidation = funding.amount().signum() == 0 ? l.liquidationPrice()
                : LedgerMath.liquidationPrice(moved, mmr);
        Position after = moved.withLedger(new Position.Ledger(l.id(), l.takeProfit(), l.stopLoss(), liquidation, mmr,
                l.checkedUntil(), to, rate));
        FundingRow row = funding.amount().signum() == 0 ? null
                : new FundingRow(accountId, position, funding, from, to, tickId);
        return new Accrual(after, row);
    }

    private static Position booked(Book book, Accrual accrual, Rounds round) {
        if (accrual.row() != null) {
            round.funding.add(accrual.row());
            book.marginInUse = book.marginInUse.subtract(accrual.row().funding().amount());
            book.changed = true;
        }
        return accrual.position();
    }

    private static Map<Long, Book> lock(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, Book> books = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT id, current_cash, margin_in_use FROM accounts"
                + " WHERE id IN (" + marks(ids.size()) + ") ORDER BY id FOR UPDATE")) {
            bind(st, ids, 1);
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong("id");
                    books.put(id, new Book(id, rows.getBigDecimal("current_cash"),
                            rows.getBigDecimal("margin_in_use")));
                }
            }
        }
        if (books.isEmpty()) {
            return books;
        }
        try (PreparedStatement st = connection.prepareStatement("SELECT account_id, " + PositionRows.COLUMNS
                + " FROM positions WHERE account_id IN (" + marks(ids.size()) + ") ORDER BY account_id, symbol")) {
            bind(st, ids, 1);
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    Book book = books.get(rows.getLong("account_id"));
                    if (book != null) {
                        book.positions.add(PositionRows.read(rows));
                    }
                }
            }
        }
        books.values().removeIf(book -> book.positions.isEmpty());
        return books;
    }

    /** The accounts among {@code ids} that hold a position now, in id order (a plain read, no lock). */
    private static List<Long> holders(Connection connection, List<Long> ids) throws SQLException {
        List<Long> holders = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT DISTINCT account_id FROM positions"
                + " WHERE account_id IN (" + marks(ids.size()) + ") ORDER BY account_id")) {
            bind(st, ids, 1);
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    holders.add(rows.getLong(1));
                }
            }
        }
        return holders;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement st, List<Long> ids, int from) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            st.setLong(from + i, ids.get(i));
        }
    }
}
