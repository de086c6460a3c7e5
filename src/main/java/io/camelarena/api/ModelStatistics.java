package io.camelarena.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * What each account's models cost and how they behaved, from its live decision-log rows (replays left out): per account
 * and per (provider, model) the decisions, executed ones, parse and model errors, replies cut at the token limit
 * (finish reason {@code length} on OpenAI-compatible APIs, {@code max_tokens} on Bedrock), tokens, LLM cost (the
 * rows' cost_usd; a row without one — an unpriced model, or logged before costs were stored — counts 0 and is
 * counted in {@code cost_unknown}) and latency (mean per model; p50 and p95 per account, R-7 linear interpolation, as
 * NumPy's and Excel's default, by Commons Math). Definitions: docs/llm-costs.md.
 *
 * <p>Incremental: the rows are append-only (appends are serialized by the audit chain's head lock, so ids are
 * committed in order, and retention only clears texts), so each {@link #refresh} reads only rows with an id above the
 * last one read, by primary key; the first reads them all. Thread-safe.
 */
public final class ModelStatistics {

    /** Finish reasons of a reply cut at the output-token limit: OpenAI-compatible APIs, Bedrock Converse. */
    static final List<String> TRUNCATED = List.of("length", "max_tokens");
    /**
     * By primary-key range, replay rows skipped here: with {@code replay_of IS NULL} in the WHERE clause MariaDB takes
     * the replay_of index and looks every live row up by key, 2-3 times slower than the range scan.
     */
    private static final String COLUMNS = "SELECT id, account_id, provider, model, status, latency_ms, input_tokens, "
            + "output_tokens, finish_reason, cost_usd, replay_of FROM ai_decision_logs";

    private final Map<Integer, Account> accounts = new HashMap<>();
    private long lastId;

    /** The statistics of every account with rows, all time, after reading the rows logged since the last call. */
    public synchronized Map<Integer, Map<String, Object>> refresh(Connection c) throws SQLException {
        Long maxId = maxId(c);
        if (maxId == null || maxId < lastId) {
            // an emptied or replaced table (tests, a restored backup): start over
            accounts.clear();
            lastId = 0;
        }
        try (PreparedStatement st = c.prepareStatement(COLUMNS + " WHERE id > ? ORDER BY id",
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setLong(1, lastId);
            // MySQL Connector/J streams row by row only at MIN_VALUE (else it buffers the whole result first)
            st.setFetchSize(mysql(c) ? Integer.MIN_VALUE : 1000);
            try (ResultSet rs = st.executeQuery()) {
                lastId = Math.max(lastId, add(rs, accounts));
            }
        }
        Map<Integer, Map<String, Object>> out = new HashMap<>();
        accounts.forEach((id, a) -> out.put(id, a.fields()));
        return out;
    }

    /**
     * The statistics of the rows decided in {@code [from, to)} (either bound may be null: open), read afresh: for a
     * period filter, which the all-time cache cannot answer.
     */
    public static Map<Integer, Map<String, Object>> period(Connection c, java.time.Instant from, java.time.Instant to)
            throws SQLException {
        Map<Integer, Account> accounts = new HashMap<>();
        String sql = COLUMNS + " WHERE decision_time >= ? AND decision_time < ? ORDER BY id";
        try (PreparedStatement st = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            st.setString(1, io.camelarena.support.IsoTimes.sqlDateTime(from == null ? java.time.Instant.EPOCH : from));
            st.setString(2, io.camelarena.support.IsoTimes.sqlDateTime(to == null
                    ? java.time.Instant.parse("9999-12-31T00:00:00Z") : to));
            st.setFetchSize(mysql(c) ? Integer.MIN_VALUE : 1000);
            try (ResultSet rs = st.executeQuery()) {
                add(rs, accounts);
            }
        }
        Map<Integer, Map<String, Object>> out = new HashMap<>();
        accounts.forEach((id, a) -> out.put(id, a.fields()));
        return out;
    }

    private static boolean mysql(Connection c) throws SQLException {
        String url = c.getMetaData().getURL();
        return url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:");
    }

    private static Long maxId(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT MAX(id) FROM ai_decision_logs");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        }
    }

    /** Adds every row of {@code rs} (the columns of {@link #COLUMNS}); answers the largest id read. */
    static long add(ResultSet rs, Map<Integer, Account> accounts) throws SQLException {
        long last = 0;
        while (rs.next()) {
            // by index, in the order of COLUMNS: a name lookup per value costs more than the value on a million rows
            last = Math.max(last, rs.getLong(1));
            rs.getLong(11);
            if (!rs.wasNull()) {
                continue;
            }
            int latency = rs.getInt(6);
            Integer latencyMs = rs.wasNull() ? null : latency;
            int accountId = rs.getInt(2);
            Account account = accounts.get(accountId);
            if (account == null) {
                account = new Account();
                accounts.put(accountId, account);
            }
            account.add(rs.getString(3), rs.getString(4), rs.getString(5), latencyMs, rs.getLong(7), rs.getLong(8),
                    rs.getString(9), rs.getBigDecimal(10));
        }
        return last;
    }

    /** One account's counts; its models in the order of their names. */
    static final class Account {
        private final Map<String, Model> models = new TreeMap<>();
        private Model last;
        private int[] latencies = new int[64];
        private int latencyCount;
        private double[] percentiles;

        void add(String provider, String model, String status, Integer latencyMs, long inputTokens, long outputTokens,
                String finishReason, BigDecimal costUsd) {
            // an account's rows mostly name the model of the row before
            Model m = last != null && Objects.equals(last.model, model) && Objects.equals(last.provider, provider)
                    ? last : models.computeIfAbsent(model + "\u0000" + provider, k -> new Model(provider, model));
            last = m;
            m.add(status, latencyMs, inputTokens, outputTokens, finishReason, costUsd);
            if (latencyMs != null) {
                if (latencyCount == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[latencyCount++] = latencyMs;
                percentiles = null;
            }
        }

        /** p50 and p95 of the latencies (ms), R-7; null without latencies. Computed again only after new rows. */
        double[] percentiles() {
            if (percentiles == null && latencyCount > 0) {
                double[] values = new double[latencyCount];
                for (int i = 0; i < latencyCount; i++) {
                    values[i] = latencies[i];
                }
                Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
                percentile.setData(values);
                percentiles = new double[] {percentile.evaluate(50), percentile.evaluate(95)};
            }
            return percentiles;
        }

        Map<String, Object> fields() {
            Model total = new Model(null, null);
            List<Map<String, Object>> byModel = new ArrayList<>();
            TreeSet<String> unpriced = new TreeSet<>();
            for (Model m : models.values()) {
                total.plus(m);
                byModel.add(m.fields());
                if (m.costUnknown > 0 && m.model != null) {
                    unpriced.add(m.model);
                }
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("decisions", total.decisions);
            f.put("executed", total.executed);
            f.put("parse_error_rate", rate(total.parseErrors, total.decisions));
            f.put("model_error_rate", rate(total.modelErrors, total.decisions));
            f.put("truncated_rate", rate(total.truncated, total.decisions));
            f.put("mean_latency_ms", total.latencyCount == 0 ? null : total.latencySum / total.latencyCount);
            double[] p = percentiles();
            f.put("p50_latency_ms", p == null ? null : ms(p[0]));
            f.put("p95_latency_ms", p == null ? null : ms(p[1]));
            f.put("tokens_in", total.inputTokens);
            f.put("tokens_out", total.outputTokens);
            f.put("input_tokens", total.inputTokens);
            f.put("output_tokens", total.outputTokens);
            f.put("llm_cost_usd", total.cost);
            f.put("cost_unknown", total.costUnknown);
            f.put("unpriced_models", new ArrayList<>(unpriced));
            f.put("models", byModel);
            return f;
        }
    }

    /** Counts of one (provider, model) of an account. */
    static final class Model {
        final String provider;
        final String model;
        long decisions;
        long executed;
        long parseErrors;
        long modelErrors;
        long truncated;
        long latencySum;
        long latencyCount;
        long inputTokens;
        long outputTokens;
        BigDecimal cost = BigDecimal.ZERO.setScale(8);
        long costUnknown;

        Model(String provider, String model) {
            this.provider = provider;
            this.model = model;
        }

        void add(String status, Integer latencyMs, long in, long out, String finishReason, BigDecimal costUsd) {
            decisions++;
            executed += "EXECUTED".equals(status) ? 1 : 0;
            parseErrors += "PARSE_ERROR".equals(status) ? 1 : 0;
            modelErrors += "MODEL_ERROR".equals(status) ? 1 : 0;
            truncated += finishReason != null && TRUNCATED.contains(finishReason) ? 1 : 0;
            if (latencyMs != null) {
                latencySum += latencyMs;
                latencyCount++;
            }
            inputTokens += in;
            outputTokens += out;
            if (costUsd == null) {
                costUnknown++;
            } else {
                cost = cost.add(costUsd);
            }
        }

        void plus(Model m) {
            decisions += m.decisions;
            executed += m.executed;
            parseErrors += m.parseErrors;
            modelErrors += m.modelErrors;
            truncated += m.truncated;
            latencySum += m.latencySum;
            latencyCount += m.latencyCount;
            inputTokens += m.inputTokens;
            outputTokens += m.outputTokens;
            cost = cost.add(m.cost);
            costUnknown += m.costUnknown;
        }

        Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("provider", provider);
            f.put("model", model);
            f.put("decisions", decisions);
            f.put("executed", executed);
            f.put("parse_errors", parseErrors);
            f.put("model_errors", modelErrors);
            f.put("truncated", truncated);
            f.put("input_tokens", inputTokens);
            f.put("output_tokens", outputTokens);
            f.put("mean_latency_ms", latencyCount == 0 ? null : latencySum / latencyCount);
            f.put("llm_cost_usd", cost);
            f.put("cost_unknown", costUnknown);
            return f;
        }
    }

    /** Statistics of an account without rows. */
    static Map<String, Object> none() {
        return new Account().fields();
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4,
                RoundingMode.HALF_EVEN);
    }

    /** A latency percentile in ms, 1 decimal. */
    private static BigDecimal ms(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_EVEN);
    }
}
