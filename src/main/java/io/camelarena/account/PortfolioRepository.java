package io.camelarena.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/** Reads an account's cash and open positions. Plain JDBC, portable SQL (H2 in MySQL mode, MySQL 8, MariaDB). */
public class PortfolioRepository {

    private static final String SELECT_ACCOUNT =
            "SELECT current_cash, frozen_cash, margin_in_use FROM accounts WHERE id = ?";

    private final DataSource dataSource;

    public PortfolioRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The account's portfolio, positions ordered by symbol.
     *
     * @throws NoSuchElementException when there is no such account
     * @throws IllegalStateException  wrapping an SQLException
     */
    public Portfolio load(long accountId) {
        try (Connection connection = dataSource.getConnection()) {
            return load(connection, accountId);
        } catch (SQLException e) {
            throw new IllegalStateException("could not load the portfolio of account " + accountId + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The portfolios of many accounts in two queries (accounts, then all their positions), for a tick that decides
     * them all: one round trip per table instead of two per account. Accounts that are not found are left out.
     *
     * @throws IllegalStateException wrapping an SQLException
     */
    public Map<Long, Portfolio> loadAll(Collection<Long> accountIds) {
        Map<Long, Portfolio> portfolios = new HashMap<>();
        if (accountIds.isEmpty()) {
            return portfolios;
        }
        List<Long> ids = List.copyOf(new LinkedHashSet<>(accountIds));
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (Connection connection = dataSource.getConnection()) {
            Map<Long, List<Position>> positions = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT account_id, "
                    + PositionRows.COLUMNS + " FROM positions WHERE account_id IN (" + marks + ") ORDER BY symbol")) {
                bind(statement, ids);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        positions.computeIfAbsent(rows.getLong("account_id"), id -> new ArrayList<>())
                                .add(PositionRows.read(rows));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, current_cash, frozen_cash,"
                    + " margin_in_use FROM accounts WHERE id IN (" + marks + ")")) {
                bind(statement, ids);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        long id = row.getLong("id");
                        portfolios.put(id, new Portfolio(id, row.getBigDecimal("current_cash"),
                                row.getBigDecimal("frozen_cash"), row.getBigDecimal("margin_in_use"),
                                positions.getOrDefault(id, List.of())));
                    }
                }
            }
            return portfolios;
        } catch (SQLException e) {
            throw new IllegalStateException("could not load the portfolios of " + ids.size() + " accounts: "
                    + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            statement.setLong(i + 1, ids.get(i));
        }
    }

    /** Same as {@link #load(long)} on a connection the caller owns (and may have a transaction open on). */
    public static Portfolio load(Connection connection, long accountId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT_ACCOUNT)) {
            statement.setLong(1, accountId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new NoSuchElementException("account " + accountId + " not found");
                }
                return new Portfolio(accountId, row.getBigDecimal("current_cash"), row.getBigDecimal("frozen_cash"),
                        row.getBigDecimal("margin_in_use"), positions(connection, accountId));
            }
        }
    }

    private static List<Position> positions(Connection connection, long accountId) throws SQLException {
        String sql = "SELECT " + PositionRows.COLUMNS + " FROM positions WHERE account_id = ? ORDER BY symbol";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, accountId);
            try (ResultSet rows = statement.executeQuery()) {
                List<Position> positions = new ArrayList<>();
                while (rows.next()) {
                    positions.add(PositionRows.read(rows));
                }
                return positions;
            }
        }
    }

    /** Column list and row mapping of the positions table, shared with the order executor. */
    public static final class PositionRows {

        public static final String COLUMNS = "id, symbol, side, quantity, avg_entry_price, leverage, margin,"
                + " take_profit, stop_loss, liquidation_price, maintenance_margin_rate, checked_until, funded_until,"
                + " funding_rate";

        private PositionRows() {
        }

        public static Position read(ResultSet row) throws SQLException {
            return new Position(row.getString("symbol"),
                    Side.valueOf(row.getString("side").toUpperCase(Locale.ROOT)),
                    row.getBigDecimal("quantity"), row.getBigDecimal("avg_entry_price"), row.getInt("leverage"),
                    row.getBigDecimal("margin"), new Position.Ledger(row.getLong("id"),
                            row.getBigDecimal("take_profit"), row.getBigDecimal("stop_loss"),
                            row.getBigDecimal("liquidation_price"), row.getBigDecimal("maintenance_margin_rate"),
                            instant(row.getTimestamp("checked_until")), instant(row.getTimestamp("funded_until")),
                            row.getBigDecimal("funding_rate")));
        }

        private static java.time.Instant instant(java.sql.Timestamp time) {
            return time == null ? null : time.toInstant();
        }
    }
}
