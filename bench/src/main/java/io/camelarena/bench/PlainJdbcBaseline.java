package io.camelarena.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * The same database work as one decision of the pipeline, in hand-written JDBC with no Camel, no HTTP and no
 * parsing: read the portfolio (account row + positions), then in one transaction lock the account, read the BTC
 * position, insert the order and its trade, insert or delete the position and update the account, then insert an
 * ai_decision_logs row copied from a real row of the pipeline (same prompt, reply and parsed decision, so the same
 * bytes). Accounts alternate open and close like the pipeline's. Runs on the runtime's own connection pool with as
 * many threads as the pipeline's parallelism, tick by tick (all accounts, then wait), like the pipeline.
 */
final class PlainJdbcBaseline {

    private static final BigDecimal PRICE = new BigDecimal("95000.00");

    private final DataSource dataSource;
    private final List<Long> accountIds;
    private final Map<String, Object> logTemplate;
    private final int threads;
    private int tickSequence;

    PlainJdbcBaseline(DataSource dataSource, int threads) throws SQLException {
        this.dataSource = dataSource;
        this.threads = threads;
        this.accountIds = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id FROM accounts WHERE active = TRUE ORDER BY id")) {
                while (rs.next()) {
                    accountIds.add(rs.getLong(1));
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT * FROM ai_decision_logs WHERE status = 'EXECUTED' ORDER BY id DESC LIMIT 1")) {
                if (!rs.next()) {
                    throw new IllegalStateException("no EXECUTED decision row to copy");
                }
                logTemplate = new LinkedHashMap<>();
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String name = md.getColumnLabel(i).toLowerCase();
                    if (!name.equals("id") && !name.equals("created_at")) {
                        logTemplate.put(name, rs.getObject(i));
                    }
                }
            }
        }
    }

    int accounts() {
        return accountIds.size();
    }

    /** Runs {@code ticks} ticks of one decision per account; returns the wall-clock ms of each tick. */
    List<Double> run(int ticks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Double> times = new ArrayList<>();
            for (int t = 0; t < ticks; t++) {
                String tickId = "jdbc-baseline-" + (++tickSequence);
                List<Callable<Void>> tasks = new ArrayList<>();
                for (long accountId : accountIds) {
                    tasks.add(() -> {
                        decide(accountId, tickId);
                        return null;
                    });
                }
                long t0 = System.nanoTime();
                for (Future<Void> f : pool.invokeAll(tasks)) {
                    f.get();
                }
                times.add((System.nanoTime() - t0) / 1e6);
            }
            return times;
        } finally {
            pool.shutdownNow();
        }
    }

    private void decide(long accountId, String tickId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // portfolio
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT current_cash, frozen_cash, margin_in_use FROM accounts WHERE id = ?")) {
                ps.setLong(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT symbol, side, quantity, avg_entry_price, leverage,"
                    + " margin FROM positions WHERE account_id = ? ORDER BY symbol")) {
                ps.setLong(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
            }
        }
        long orderId = 0;
        for (int attempt = 1; orderId == 0; attempt++) {
            try {
                orderId = transaction(accountId, tickId);
            } catch (SQLException e) {
                // InnoDB may pick this transaction as a deadlock victim (gap locks on the positions index): retry.
                if (!"40001".equals(e.getSQLState()) || attempt >= 5) {
                    throw e;
                }
                deadlocks.incrementAndGet();
            }
        }
        insertLog(accountId, tickId, orderId);
    }

    /** Transactions retried after InnoDB chose them as deadlock victims. */
    long deadlocks() {
        return deadlocks.get();
    }

    private final java.util.concurrent.atomic.AtomicLong deadlocks = new java.util.concurrent.atomic.AtomicLong();

    private long transaction(long accountId, String tickId) throws SQLException {
        long orderId;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            BigDecimal cash;
            BigDecimal marginInUse;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT current_cash, margin_in_use FROM accounts WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    cash = rs.getBigDecimal(1);
                    marginInUse = rs.getBigDecimal(2);
                }
            }
            BigDecimal heldQuantity = null;
            BigDecimal heldMargin = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT symbol, side, quantity, avg_entry_price, leverage,"
                    + " margin FROM positions WHERE account_id = ? AND symbol = ?")) {
                ps.setLong(1, accountId);
                ps.setString(2, "BTC");
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        heldQuantity = rs.getBigDecimal("quantity");
                        heldMargin = rs.getBigDecimal("margin");
                    }
                }
            }
            boolean open = heldQuantity == null;
            BigDecimal notional = open ? cash.multiply(new BigDecimal("0.1")).setScale(2, RoundingMode.DOWN)
                    : heldQuantity.multiply(PRICE).setScale(2, RoundingMode.DOWN);
            BigDecimal quantity = open ? notional.divide(PRICE, 8, RoundingMode.DOWN) : heldQuantity;
            BigDecimal margin = open ? notional.divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN) : heldMargin;
            BigDecimal fee = notional.multiply(new BigDecimal("0.0007")).setScale(2, RoundingMode.HALF_EVEN);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (account_id, tick_id, symbol,"
                    + " operation, side, quantity, price, notional, leverage, margin, fee, realized_pnl, status)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, accountId);
                ps.setString(2, tickId);
                ps.setString(3, "BTC");
                ps.setString(4, open ? "open" : "close");
                ps.setString(5, "long");
                ps.setBigDecimal(6, quantity);
                ps.setBigDecimal(7, PRICE);
                ps.setBigDecimal(8, notional);
                ps.setInt(9, 2);
                ps.setBigDecimal(10, margin);
                ps.setBigDecimal(11, fee);
                ps.setBigDecimal(12, BigDecimal.ZERO);
                ps.setString(13, "FILLED");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    orderId = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trades (order_id, account_id, symbol, side,"
                    + " quantity, price, fee, realized_pnl) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, orderId);
                ps.setLong(2, accountId);
                ps.setString(3, "BTC");
                ps.setString(4, "long");
                ps.setBigDecimal(5, quantity);
                ps.setBigDecimal(6, PRICE);
                ps.setBigDecimal(7, fee);
                ps.setBigDecimal(8, BigDecimal.ZERO);
                ps.executeUpdate();
            }
            if (open) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO positions (account_id, symbol, side,"
                        + " quantity, avg_entry_price, leverage, margin) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, accountId);
                    ps.setString(2, "BTC");
                    ps.setString(3, "long");
                    ps.setBigDecimal(4, quantity);
                    ps.setBigDecimal(5, PRICE);
                    ps.setInt(6, 2);
                    ps.setBigDecimal(7, margin);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM positions WHERE account_id = ? AND symbol = ?")) {
                    ps.setLong(1, accountId);
                    ps.setString(2, "BTC");
                    ps.executeUpdate();
                }
            }
            BigDecimal cashAfter = open ? cash.subtract(margin).subtract(fee) : cash.add(margin).subtract(fee);
            BigDecimal marginAfter = open ? marginInUse.add(margin) : marginInUse.subtract(margin).max(BigDecimal.ZERO);
            try (PreparedStatement ps = c.prepareStatement("UPDATE accounts SET current_cash = ?, margin_in_use = ?,"
                    + " updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?")) {
                ps.setBigDecimal(1, cashAfter);
                ps.setBigDecimal(2, marginAfter);
                ps.setLong(3, accountId);
                ps.executeUpdate();
            }
            c.commit();
        }
        return orderId;
    }

    private void insertLog(long accountId, String tickId, long orderId) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>(logTemplate);
        row.put("account_id", accountId);
        row.put("tick_id", tickId);
        row.put("order_id", orderId);
        row.put("decision_time", new Timestamp(System.currentTimeMillis()));
        row.put("decision_id", UUID.randomUUID().toString());
        try (Connection c = dataSource.getConnection()) {
            sealThenInsert(c, row);
        }
    }

    /**
     * The log write in plain JDBC, one row at a time: a short transaction that locks the audit-chain head, hashes the
     * row and moves the head on, then the row's insert with its chain values (autocommit).
     */
    static void sealThenInsert(Connection c, Map<String, Object> row) throws SQLException {
        c.setAutoCommit(false);
        long seq;
        String prevHash;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getLong(1) + 1;
            prevHash = rs.getString(2);
        }
        String rowHash = sha256(seq + "|" + prevHash + "|" + row.values());
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, rowHash);
            ps.executeUpdate();
        }
        c.commit();
        c.setAutoCommit(true);
        row.put("chain_seq", seq);
        row.put("prev_hash", prevHash);
        row.put("row_hash", rowHash);
        insertRow(c, row);
    }

    /** One autocommit INSERT of the row's columns into ai_decision_logs. */
    static void insertRow(Connection c, Map<String, Object> row) throws SQLException {
        String columns = String.join(", ", row.keySet());
        String marks = String.join(", ", row.keySet().stream().map(k -> "?").toList());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ai_decision_logs (" + columns + ") VALUES (" + marks + ")")) {
            int i = 1;
            for (Object value : row.values()) {
                ps.setObject(i++, value);
            }
            ps.executeUpdate();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
