package io.camelarena.bench;

import com.zaxxer.hikari.HikariDataSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelarena.account.Portfolio;
import io.camelarena.account.PortfolioRepository;
import io.camelarena.api.LeaderboardApi;
import io.camelarena.config.ArenaDataSource;
import io.camelarena.score.Period;
import io.camelarena.score.ScoreMetrics;
import io.camelarena.score.Scoreboard;
import io.camelarena.support.IsoTimes;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * {@code GET /api/leaderboard} over a long history on MariaDB (issue 15's target: 100 accounts x 10,000 ticks in under
 * a second): seeds a database of its own with N accounts, T hourly market ticks (6 symbols) and one decision row per
 * account and tick (a random-walk total_balance, short texts), an open and a close every 50 ticks per account, then
 * calls the leaderboard bean the HTTP route calls (JSON included) and prints the time of: the start-up warm-up (the
 * scoreboard reads the whole history into memory), the first request (every score computed), requests with nothing
 * new, requests after one more tick (N new rows), requests for a period (the last half); beside them, the time of the
 * leaderboard's model statistics alone (read incrementally) and of the scoreboard's share alone
 * (the request without the model statistics and the JSON).
 *
 * <pre>mvn -B -q -Pbench compile exec:exec -Dbench.main=io.camelarena.bench.LeaderboardBench</pre>
 * Settings (-Dbench.jvm="-Xmx1g -D..."): bench.board.accounts (100), bench.board.ticks (10000), bench.rounds (5);
 * bench.board.keep=true keeps the seeded database (its name is printed) and bench.board.database=NAME runs on such a
 * database instead of seeding a new one (same accounts and ticks settings).
 */
public final class LeaderboardBench {

    private static final String[] SYMBOLS = {"BTC", "ETH", "SOL", "BNB", "XRP", "DOGE"};
    private static final double[] START = {95000, 3400, 200, 600, 2.2, 0.4};
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private LeaderboardBench() {
    }

    public static void main(String[] args) throws Exception {
        String server = ArenaBench.setting("bench.db.server", "jdbc:mysql://127.0.0.1:3306/");
        String user = ArenaBench.setting("bench.db.user", "root");
        int accounts = Integer.parseInt(ArenaBench.setting("bench.board.accounts", "100"));
        int ticks = Integer.parseInt(ArenaBench.setting("bench.board.ticks", "10000"));
        int rounds = Integer.parseInt(ArenaBench.setting("bench.rounds", "5"));
        String reused = ArenaBench.setting("bench.board.database", "");
        boolean keep = !reused.isEmpty() || Boolean.parseBoolean(ArenaBench.setting("bench.board.keep", "false"));
        String database = !reused.isEmpty() ? reused : "arena_boardbench_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        if (reused.isEmpty()) {
            try (Connection c = DriverManager.getConnection(server, user, ""); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            }
        }
        List<String> out = new ArrayList<>();
        try (HikariDataSource ds = ArenaDataSource.create(server + database + "?useSSL=false"
                + "&allowPublicKeyRetrieval=true&characterEncoding=UTF-8&rewriteBatchedStatements=true", user, "",
                4, 10000)) {
            ArenaDataSource.migrate(ds);
            long t0 = System.nanoTime();
            if (reused.isEmpty()) {
                seed(ds, accounts, ticks);
            }
            out.add(String.format("%s %d accounts x %d ticks (%,d decision rows) in %.0f s; load average %s",
                    reused.isEmpty() ? "seeded" : "reused " + database + " of", accounts, ticks,
                    (long) accounts * ticks, (System.nanoTime() - t0) / 1e9, ArenaBench.loadAverage()));
            int extra = count(ds, "SELECT COUNT(*) FROM market_ticks") - ticks;
            Scoreboard scoreboard = new Scoreboard(new ScoreMetrics(1000, 15), List.of(SYMBOLS),
                    new BigDecimal("0.0007"));
            LeaderboardApi api = new LeaderboardApi(ds, scoreboard);
            DefaultCamelContext camel = new DefaultCamelContext();
            long w = System.nanoTime();
            api.readAhead();
            out.add(String.format("start-up read-ahead (the model statistics and the scoreboard read the whole "
                    + "history): %.0f ms", (System.nanoTime() - w) / 1e6));
            double[] first = request(camel, api, null);
            out.add(String.format("first request (computes every score): %.0f ms, %,d bytes", first[0],
                    (long) first[1]));
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                warm.add(request(camel, api, null)[0]);
            }
            out.add("requests with nothing new, ms: " + format(warm));
            List<Double> afterTick = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                addTick(ds, accounts, ticks + extra + i);
                afterTick.add(request(camel, api, null)[0]);
            }
            out.add("requests after one more tick (" + accounts + " new rows each), ms: " + format(afterTick));
            String half = "from=" + T0.plusSeconds(3600L * ticks / 2);
            List<Double> period = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                period.add(request(camel, api, half)[0]);
            }
            out.add("requests for the last half (" + half + "), ms: " + format(period));
            List<Double> shareWarm = new ArrayList<>();
            List<Double> shareTick = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                shareWarm.add(scoreboardShare(ds, scoreboard));
                addTick(ds, accounts, ticks + extra + rounds + i);
                shareTick.add(scoreboardShare(ds, scoreboard));
            }
            out.add("the scoreboard's share alone (accounts, prices, portfolios, scores, baselines; no model "
                    + "statistics, no JSON), nothing new, ms: " + format(shareWarm));
            out.add("the scoreboard's share alone after one more tick, ms: " + format(shareTick));
            List<Double> modelStats = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                addTick(ds, accounts, ticks + extra + 2 * rounds + i);
                long m = System.nanoTime();
                api.modelStatistics();
                modelStats.add((System.nanoTime() - m) / 1e6);
            }
            out.add("of which the model statistics alone after one more tick (read incrementally), ms: "
                    + format(modelStats));
            out.add("load average at the end: " + ArenaBench.loadAverage());
            camel.close();
        } finally {
            if (keep) {
                out.add("database kept: " + database);
            } else {
                try (Connection c = DriverManager.getConnection(server, user, "");
                        Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE " + database);
                }
            }
        }
        System.out.println();
        System.out.println("==== leaderboard benchmark ====");
        out.forEach(System.out::println);
    }

    /** One leaderboard request through the bean the route calls: [milliseconds, bytes of JSON]. */
    private static double[] request(DefaultCamelContext camel, LeaderboardApi api, String query) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.HTTP_RAW_QUERY, query);
        long t = System.nanoTime();
        api.leaderboard(exchange);
        double ms = (System.nanoTime() - t) / 1e6;
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        if (status == null || status != 200) {
            throw new IllegalStateException("leaderboard answered " + status + ": " + body);
        }
        return new double[] {ms, body.length()};
    }

    /** What the leaderboard does besides the model statistics and the JSON, timed. */
    private static double scoreboardShare(HikariDataSource ds, Scoreboard scoreboard) throws Exception {
        long t = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            Map<String, BigDecimal> prices = new HashMap<>();
            Instant valuedAt = null;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT started_at, prices_json "
                    + "FROM market_ticks WHERE status IN ('COMPLETED', 'PAUSED') AND prices_json IS NOT NULL "
                    + "AND prices_json <> '{}' ORDER BY started_at DESC, id DESC LIMIT 1")) {
                if (rs.next()) {
                    valuedAt = rs.getTimestamp(1).toInstant();
                    new ObjectMapper().readTree(rs.getString(2)).fields()
                            .forEachRemaining(e -> prices.put(e.getKey(), new BigDecimal(e.getValue().asText())));
                }
            }
            Scoreboard.Board board = scoreboard.board(c, Period.ALL, new BigDecimal("10000"), Instant.now());
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, initial_cash, "
                    + "created_at FROM accounts ORDER BY id")) {
                List<Scoreboard.AccountInput> inputs = new ArrayList<>();
                while (rs.next()) {
                    Portfolio portfolio = PortfolioRepository.load(c, rs.getInt(1));
                    inputs.add(new Scoreboard.AccountInput(rs.getInt(1), rs.getTimestamp(3).toInstant(),
                            rs.getBigDecimal(2), portfolio.totalAssets(prices), portfolio.unrealizedPnl(prices),
                            valuedAt));
                }
                board.accounts(inputs);
            }
            board.baselines();
        }
        return (System.nanoTime() - t) / 1e6;
    }

    private static int count(HikariDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String format(List<Double> ms) {
        List<String> parts = new ArrayList<>();
        ms.forEach(m -> parts.add(String.format("%.0f", m)));
        return String.join(" / ", parts) + String.format(" (median %.0f)",
                ms.stream().sorted().toList().get(ms.size() / 2));
    }

    private static void seed(HikariDataSource ds, int accounts, int ticks) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO accounts (name, provider, model, "
                    + "initial_cash, current_cash, margin_in_use, created_at) VALUES (?, 'openai', ?, 10000, 9000, "
                    + "1000, ?)")) {
                for (int a = 1; a <= accounts; a++) {
                    st.setString(1, "bench-" + a);
                    st.setString(2, "model-" + (a % 10));
                    st.setString(3, IsoTimes.sqlDateTime(T0.minusSeconds(60)));
                    st.addBatch();
                }
                st.executeBatch();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO positions (account_id, symbol, side, "
                    + "quantity, avg_entry_price, leverage, margin) VALUES (?, 'BTC', 'long', 0.01, 95000, 1, 950)")) {
                for (int a = 1; a <= accounts; a++) {
                    st.setInt(1, a);
                    st.addBatch();
                }
                st.executeBatch();
            }
            c.commit();
            Random random = new Random(15);
            double[] prices = START.clone();
            double[] balance = new double[accounts + 1];
            java.util.Arrays.fill(balance, 10000);
            try (PreparedStatement tick = c.prepareStatement("INSERT INTO market_ticks (tick_id, trigger_source, "
                    + "started_at, finished_at, status, prices_json) VALUES (?, 'SCHEDULE', ?, ?, 'COMPLETED', ?)");
                    PreparedStatement row = c.prepareStatement("INSERT INTO ai_decision_logs (account_id, "
                            + "decision_time, tick_id, reason, operation, target_portion, total_balance, status, "
                            + "provider, model, latency_ms, input_tokens, output_tokens) "
                            + "VALUES (?, ?, ?, 'bench', 'hold', 0, ?, 'HOLD', 'openai', ?, ?, 1500, 120)");
                    PreparedStatement order = c.prepareStatement("INSERT INTO orders (account_id, tick_id, symbol, "
                            + "operation, side, quantity, price, notional, leverage, margin, fee, realized_pnl, status, "
                            + "created_at) VALUES (?, ?, 'BTC', ?, 'long', 0.01, ?, ?, 1, ?, ?, ?, 'FILLED', ?)")) {
                for (int t = 0; t < ticks; t++) {
                    Instant at = T0.plusSeconds(3600L * t);
                    String tickId = "bench-" + t;
                    StringBuilder json = new StringBuilder("{");
                    for (int s = 0; s < SYMBOLS.length; s++) {
                        prices[s] *= 1 + random.nextGaussian() * 0.005;
                        json.append(s == 0 ? "" : ",").append('"').append(SYMBOLS[s]).append("\":\"")
                                .append(String.format("%.4f", prices[s])).append('"');
                    }
                    tick.setString(1, tickId);
                    tick.setString(2, IsoTimes.sqlDateTime(at));
                    tick.setString(3, IsoTimes.sqlDateTime(at.plusSeconds(5)));
                    tick.setString(4, json.append('}').toString());
                    tick.addBatch();
                    for (int a = 1; a <= accounts; a++) {
                        balance[a] *= 1 + random.nextGaussian() * 0.004 + 0.00002;
                        row.setInt(1, a);
                        row.setString(2, IsoTimes.sqlDateTime(at.plusMillis(1000 + a)));
                        row.setString(3, tickId);
                        row.setBigDecimal(4, BigDecimal.valueOf(balance[a]).setScale(2, java.math.RoundingMode.HALF_EVEN));
                        row.setString(5, "model-" + (a % 10));
                        row.setInt(6, 500 + random.nextInt(2000));
                        row.addBatch();
                        if (t % 25 == 0 && t > 0) {
                            boolean open = t % 50 == 0;
                            double notional = 0.01 * prices[0];
                            order.setInt(1, a);
                            order.setString(2, tickId);
                            order.setString(3, open ? "open" : "close");
                            order.setBigDecimal(4, BigDecimal.valueOf(prices[0]).setScale(8,
                                    java.math.RoundingMode.HALF_EVEN));
                            order.setBigDecimal(5, BigDecimal.valueOf(notional).setScale(8,
                                    java.math.RoundingMode.HALF_EVEN));
                            order.setBigDecimal(6, BigDecimal.valueOf(notional).setScale(8,
                                    java.math.RoundingMode.HALF_EVEN));
                            order.setBigDecimal(7, BigDecimal.valueOf(notional * 0.0007).setScale(8,
                                    java.math.RoundingMode.HALF_EVEN));
                            order.setBigDecimal(8, open ? BigDecimal.ZERO : BigDecimal.valueOf(random.nextGaussian()
                                    * 5).setScale(8, java.math.RoundingMode.HALF_EVEN));
                            order.setString(9, IsoTimes.sqlDateTime(at.plusMillis(1000 + a)));
                            order.addBatch();
                        }
                    }
                    if (t % 20 == 19 || t == ticks - 1) {
                        tick.executeBatch();
                        row.executeBatch();
                        order.executeBatch();
                        c.commit();
                    }
                }
            }
            c.setAutoCommit(true);
        }
    }

    /** One more tick: a market tick and a row per account. */
    private static void addTick(HikariDataSource ds, int accounts, int t) throws Exception {
        Instant at = T0.plusSeconds(3600L * t);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement tick = c.prepareStatement("INSERT INTO market_ticks (tick_id, trigger_source, "
                    + "started_at, finished_at, status, prices_json) VALUES (?, 'SCHEDULE', ?, ?, 'COMPLETED', ?)");
                    PreparedStatement row = c.prepareStatement("INSERT INTO ai_decision_logs (account_id, "
                            + "decision_time, tick_id, reason, operation, target_portion, total_balance, status, "
                            + "provider, model, latency_ms, input_tokens, output_tokens) "
                            + "VALUES (?, ?, ?, 'bench', 'hold', 0, 10000, 'HOLD', 'openai', 'model-0', 900, 1500, "
                            + "120)")) {
                tick.setString(1, "bench-" + t);
                tick.setString(2, IsoTimes.sqlDateTime(at));
                tick.setString(3, IsoTimes.sqlDateTime(at.plusSeconds(5)));
                tick.setString(4, "{\"BTC\":\"96000\",\"ETH\":\"3400\",\"SOL\":\"200\",\"BNB\":\"600\","
                        + "\"XRP\":\"2.2\",\"DOGE\":\"0.4\"}");
                tick.executeUpdate();
                for (int a = 1; a <= accounts; a++) {
                    row.setInt(1, a);
                    row.setString(2, IsoTimes.sqlDateTime(at.plusMillis(1000 + a)));
                    row.setString(3, "bench-" + t);
                    row.addBatch();
                }
                row.executeBatch();
            }
            c.commit();
        }
    }
}
