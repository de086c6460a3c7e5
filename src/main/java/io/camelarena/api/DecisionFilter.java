package io.camelarena.api;

import io.camelarena.support.IsoTimes;
import io.camelarena.agent.DecisionStatus;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filters of {@code /api/decisions} and its export, validated, as an SQL WHERE clause whose every value is a bound
 * parameter. Column names come from this class only, never from the request.
 */
public final class DecisionFilter {

    /** Filter parameter names, shared by the list and the export. */
    public static final Set<String> FILTERS = Set.of("account", "model", "provider", "symbol", "status", "executed",
            "from", "to", "tick", "error_code", "replay", "replay_run", "replay_of");
    static final Set<String> PROVIDERS = Set.of("openai", "bedrock", "simulated");
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9]{1,20}");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z_]{1,40}");

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    private DecisionFilter() {
    }

    public static DecisionFilter from(QueryParams query) {
        DecisionFilter f = new DecisionFilter();
        query.get("account").ifPresent(v -> {
            if (v.matches("\\d{1,9}")) {
                f.add("l.account_id = ?", Integer.valueOf(v));
            } else if (ACCOUNT_NAME.matcher(v).matches()) {
                f.add("a.name = ?", v);
            } else {
                throw ApiException.badParameter("account", "account must be an account id or name "
                        + "(letters, digits, '.', '_', '-', at most 64)");
            }
        });
        query.get("model").ifPresent(v -> {
            if (v.length() > 200) {
                throw ApiException.badParameter("model", "model is at most 200 characters");
            }
            f.add("l.model = ?", v);
        });
        query.get("provider").ifPresent(v -> {
            String p = v.toLowerCase(Locale.ROOT);
            if (!PROVIDERS.contains(p)) {
                throw ApiException.badParameter("provider", "provider must be one of openai, bedrock, simulated");
            }
            f.add("l.provider = ?", p);
        });
        query.get("symbol").ifPresent(v -> {
            if (!SYMBOL.matcher(v).matches()) {
                throw ApiException.badParameter("symbol", "symbol must be 1 to 20 letters or digits");
            }
            f.add("l.symbol = ?", v.toUpperCase(Locale.ROOT));
        });
        query.get("status").ifPresent(v -> {
            List<String> statuses = new ArrayList<>();
            for (String s : v.split(",")) {
                String name = s.trim().toUpperCase(Locale.ROOT);
                if (Arrays.stream(DecisionStatus.values()).noneMatch(d -> d.name().equals(name))) {
                    throw ApiException.badParameter("status", "status must be one or more (comma-separated) of "
                            + Arrays.toString(DecisionStatus.values()));
                }
                statuses.add(name);
            }
            f.add("l.status IN (" + String.join(", ", statuses.stream().map(s -> "?").toList()) + ")",
                    statuses.toArray());
        });
        query.get("executed").ifPresent(v -> {
            if (!v.equals("true") && !v.equals("false")) {
                throw ApiException.badParameter("executed", "executed must be true or false");
            }
            f.add("l.executed = ?", v);
        });
        query.get("from").ifPresent(v -> f.add("l.decision_time >= ?", IsoTimes.sqlDateTime(instant("from", v))));
        query.get("to").ifPresent(v -> f.add("l.decision_time < ?", IsoTimes.sqlDateTime(instant("to", v))));
        query.get("tick").ifPresent(v -> {
            if (v.length() > 40) {
                throw ApiException.badParameter("tick", "tick is a tick id of at most 40 characters");
            }
            f.add("l.tick_id = ?", v);
        });
        query.get("error_code").ifPresent(v -> {
            if (!ERROR_CODE.matcher(v).matches()) {
                throw ApiException.badParameter("error_code", "error_code must be a code like UNPARSEABLE_REPLY");
            }
            f.add("l.error_code = ?", v.toUpperCase(Locale.ROOT));
        });
        // Replay rows (never executed) are not live decisions: left out unless asked for.
        String replay = query.get("replay").orElse(query.get("replay_run").isPresent()
                || query.get("replay_of").isPresent() ? "include" : "exclude");
        switch (replay) {
            case "exclude" -> f.add("l.replay_of IS NULL");
            case "only" -> f.add("l.replay_of IS NOT NULL");
            case "include" -> { }
            default -> throw ApiException.badParameter("replay", "replay must be exclude (live decisions only, the "
                    + "default), include or only");
        }
        query.get("replay_run").ifPresent(v -> f.add("l.replay_run_id = ?", positive("replay_run", v)));
        query.get("replay_of").ifPresent(v -> f.add("l.replay_of = ?", positive("replay_of", v)));
        return f;
    }

    private static Integer positive(String parameter, String value) {
        if (!value.matches("\\d{1,9}")) {
            throw ApiException.badParameter(parameter, parameter + " must be a positive integer");
        }
        return Integer.valueOf(value);
    }

    /** Adds the page condition: rows strictly older than the cursor in (decision_time, id) order. */
    public DecisionFilter after(Cursor cursor) {
        String t = IsoTimes.sqlDateTime(Instant.ofEpochMilli(cursor.epochMillis()));
        add("(l.decision_time < ? OR (l.decision_time = ? AND l.id < ?))", t, t, cursor.id());
        return this;
    }

    private void add(String condition, Object... values) {
        conditions.add(condition);
        parameters.addAll(Arrays.asList(values));
    }

    /** {@code WHERE ...} or an empty string. */
    public String where() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Binds the filter values from parameter index 1; returns the next free index. */
    public int bind(PreparedStatement statement) throws SQLException {
        int i = 1;
        for (Object value : parameters) {
            statement.setObject(i++, value);
        }
        return i;
    }

    /** A time as {@link IsoTimes#parse} reads it, or a 400 naming the parameter. */
    static Instant instant(String parameter, String value) {
        try {
            return IsoTimes.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(parameter, parameter + " must be an ISO-8601 time such as "
                    + "2026-11-25T12:00:00Z or a date such as 2026-11-25, was '" + QueryParams.abbreviate(value) + "'");
        }
    }

    /** Position in the newest-first (decision_time, id) order; opaque to clients. */
    public record Cursor(long epochMillis, int id) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((epochMillis + ":" + id).getBytes(StandardCharsets.US_ASCII));
        }

        public static Cursor decode(String text) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
                String[] parts = plain.split(":");
                if (parts.length == 2) {
                    return new Cursor(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
                }
            } catch (IllegalArgumentException e) {
                // fall through
            }
            throw ApiException.badParameter("cursor", "cursor is not one this API returned (use nextCursor as is)");
        }
    }
}
