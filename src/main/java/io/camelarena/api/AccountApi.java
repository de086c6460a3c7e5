package io.camelarena.api;

import io.camelarena.account.PortfolioRepository;
import io.camelarena.account.Position;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/accounts}, {@code /api/accounts/{id}/positions}, {@code /api/accounts/{id}/orders}. No secrets:
 * keys are never stored; the name of the variable holding a key ({@code api_key_env}) is shown so an operator can
 * see which one is missing; a base URL loses any user-info and query string (where some providers put keys).
 */
public class AccountApi {

    static final String ACCOUNT_COLUMNS = "id, name, provider, model, base_url, region, api_key_ref, temperature, "
            + "max_tokens, max_leverage, active, initial_cash, current_cash, margin_in_use, created_at, updated_at";

    static final String ORDER_COLUMNS = "o.id, o.account_id, o.tick_id, o.symbol, o.operation, o.side, o.quantity, "
            + "o.price, o.notional, o.leverage, o.margin, o.fee, o.realized_pnl, o.status, o.created_at, o.cause, "
            + "o.reference_price, o.penalty";

    private final DataSource dataSource;

    public AccountApi(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void accounts(Exchange exchange) throws Exception {
        ApiSupport.respond(exchange, () -> {
            ApiSupport.query(exchange, Set.of());
            try (Connection c = dataSource.getConnection()) {
                List<Map<String, Object>> accounts = DecisionApi.rows(c, "SELECT " + ACCOUNT_COLUMNS
                        + " FROM accounts ORDER BY id");
                accounts.forEach(AccountApi::withoutSecrets);
                return Map.of("items", accounts);
            }
        });
    }

    public void positions(Exchange exchange) throws Exception {
        String account = exchange.getMessage().getHeader("id", String.class);
        ApiSupport.respond(exchange, () -> {
            ApiSupport.query(exchange, Set.of());
            try (Connection c = dataSource.getConnection()) {
                int id = accountId(c, account);
                Prices prices = Prices.latest(c);
                List<Map<String, Object>> items = DecisionApi.rows(c, "SELECT symbol, side, quantity, avg_entry_price, "
                        + "leverage, margin, liquidation_price, take_profit, stop_loss, opened_at, updated_at FROM positions WHERE account_id = ? ORDER BY symbol",
                        id);
                var portfolio = PortfolioRepository.load(c, id);
                for (Map<String, Object> p : items) {
                    Position position = portfolio.position((String) p.get("symbol")).orElse(null);
                    BigDecimal price = prices.values().get((String) p.get("symbol"));
                    p.put("mark_price", price);
                    p.put("unrealized_pnl", position == null || price == null ? null
                            : position.unrealizedPnl(price).setScale(8, java.math.RoundingMode.HALF_EVEN));
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("account_id", id);
                body.put("prices_as_of", prices.asOf());
                body.put("items", items);
                return body;
            }
        });
    }

    public void orders(Exchange exchange) throws Exception {
        String account = exchange.getMessage().getHeader("id", String.class);
        ApiSupport.respond(exchange, () -> {
            QueryParams query = ApiSupport.query(exchange, Set.of("limit", "before"));
            int limit = query.get("limit").map(v -> {
                if (!v.matches("\\d{1,4}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > DecisionApi.MAX_LIMIT) {
                    throw ApiException.badParameter("limit", "limit must be an integer from 1 to "
                            + DecisionApi.MAX_LIMIT);
                }
                return Integer.parseInt(v);
            }).orElse(100);
            Integer before = query.get("before").map(v -> DecisionApi.id("before", v)).orElse(null);
            try (Connection c = dataSource.getConnection()) {
                int id = accountId(c, account);
                // decision_id: the order's own (V5), else that of the row that recorded it (orders placed before V5);
                // decision_log_id: that row's id, as GET /api/decisions/{id} takes it
                List<Map<String, Object>> items = DecisionApi.rows(c, "SELECT " + ORDER_COLUMNS + ", "
                        + "COALESCE(o.decision_id, (SELECT MIN(l.decision_id) FROM ai_decision_logs l "
                        + "WHERE l.order_id = o.id AND l.replay_of IS NULL)) AS decision_id, "
                        + "(SELECT MIN(l.id) FROM ai_decision_logs l WHERE l.order_id = o.id AND l.replay_of IS NULL) "
                        + "AS decision_log_id "
                        + "FROM orders o WHERE o.account_id = ?" + (before == null ? " AND ? = 0" : " AND o.id < ?")
                        + " ORDER BY o.id DESC LIMIT ?", id, before == null ? 0 : before, limit + 1);
                Object next = null;
                if (items.size() > limit) {
                    items = new ArrayList<>(items.subList(0, limit));
                    next = items.get(limit - 1).get("id");
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("account_id", id);
                body.put("items", items);
                body.put("nextBefore", next);
                return body;
            }
        });
    }

    /** The id of an account given by id or by name; 404 when there is none. */
    static int accountId(Connection c, String idOrName) throws SQLException {
        if (idOrName == null || !idOrName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ApiException.badParameter("id", "id must be an account id or name");
        }
        String sql = idOrName.matches("\\d{1,9}") ? "SELECT id FROM accounts WHERE id = ?"
                : "SELECT id FROM accounts WHERE name = ?";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (idOrName.matches("\\d{1,9}")) {
                st.setInt(1, Integer.parseInt(idOrName));
            } else {
                st.setString(1, idOrName);
            }
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("no account " + idOrName);
                }
                return rs.getInt(1);
            }
        }
    }

    static void withoutSecrets(Map<String, Object> account) {
        account.put("api_key_env", account.remove("api_key_ref"));
        Object url = account.get("base_url");
        if (url instanceof String s && !s.isBlank()) {
            account.put("base_url", safeUrl(s));
        }
    }

    static String safeUrl(String url) {
        try {
            URI u = URI.create(url);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (Exception e) {
            return "(not shown: not a plain URL)";
        }
    }

    /**
     * The prices of the latest market snapshot that had prices: a tick that completed (or paused after its snapshot),
     * as the market-snapshot health check counts them. A skipped tick records {@code {}}, a failed one may record
     * none or part: neither is a valuation.
     */
    record Prices(Map<String, BigDecimal> values, String asOf, String tickId) {

        static Prices latest(Connection c) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("SELECT tick_id, started_at, prices_json FROM market_ticks "
                    + "WHERE status IN ('COMPLETED', 'PAUSED') AND prices_json IS NOT NULL AND prices_json <> '{}' "
                    + "ORDER BY started_at DESC, id DESC LIMIT 1");
                    ResultSet rs = st.executeQuery()) {
                Map<String, BigDecimal> values = new LinkedHashMap<>();
                if (!rs.next()) {
                    return new Prices(values, null, null);
                }
                var json = ApiSupport.parseJson(rs.getString("prices_json"));
                if (json != null) {
                    json.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().decimalValue()));
                }
                return new Prices(values, rs.getTimestamp("started_at").toInstant().toString(), rs.getString("tick_id"));
            }
        }
    }
}
