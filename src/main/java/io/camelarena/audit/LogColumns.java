package io.camelarena.audit;

import io.camelarena.support.IsoTimes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ai_decision_logs columns an application row carries, their types, and the one canonical text form of each value:
 * used for the insert parameters, the JSON lines of the spool and the hash chain alike, so a value reads the same
 * whether it comes from the row builder, a spool file or the database.
 */
public final class LogColumns {

    /**
     * The columns the application writes (no id, created_at or audit columns), in insert order: the one list of them.
     * A column's name is its constant in lower case.
     */
    public enum Column {
        DECISION_ID(Type.STRING),
        ACCOUNT_ID(Type.INTEGER),
        DECISION_TIME(Type.DATETIME),
        TICK_ID(Type.STRING),
        REASON(Type.STRING),
        OPERATION(Type.STRING),
        SYMBOL(Type.STRING),
        DIRECTION(Type.STRING),
        PREV_PORTION(Type.DECIMAL),
        TARGET_PORTION(Type.DECIMAL),
        TOTAL_BALANCE(Type.DECIMAL),
        LEVERAGE(Type.INTEGER),
        EXECUTED(Type.STRING),
        ORDER_ID(Type.INTEGER),
        STATUS(Type.STRING),
        ERROR_CODE(Type.STRING),
        ERROR_MESSAGE(Type.STRING),
        PROVIDER(Type.STRING),
        MODEL(Type.STRING),
        LATENCY_MS(Type.INTEGER),
        INPUT_TOKENS(Type.INTEGER),
        OUTPUT_TOKENS(Type.INTEGER),
        FINISH_REASON(Type.STRING),
        REQUEST_ID(Type.STRING),
        ATTEMPTS(Type.INTEGER),
        LAST_ERROR(Type.STRING),
        USER_PROMPT(Type.STRING),
        REASONING_TRACE(Type.STRING),
        LLM_OUTPUT(Type.STRING),
        REPLAY_OF(Type.INTEGER),
        REPLAY_RUN_ID(Type.INTEGER),
        REPLAY_TARGET(Type.STRING),
        INPUTS_AS_OF(Type.DATETIME),
        SNAPSHOT_ID(Type.INTEGER),
        COST_USD(Type.DECIMAL);

        private final Type type;

        Column(Type type) {
            this.type = type;
        }

        /** The column's name in ai_decision_logs (and in the row maps, spool lines and hashes). */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public Type type() {
            return type;
        }
    }


    /** How a column's value is typed in JDBC and written in canonical form. */
    public enum Type { STRING, INTEGER, DECIMAL, DATETIME }

    /** {@link Column}'s names and types, in insert order. */
    public static final Map<String, Type> WRITTEN;
    /** Columns covered by row_hash, in hash order: every written column except the two long texts, then audit ones. */
    public static final List<String> HASHED;

    /**
     * The replay columns (V4), the no-look-ahead columns (V7) and the decision's cost (V10): hashed only when they
     * hold a value, so every row sealed before they existed (and every live row, where the replay ones are NULL, and
     * every row of an unpriced model) keeps the hash it had, while a replay row cannot pass for a live one, nor a
     * row's input time, snapshot or cost be changed, unnoticed.
     */
    public static final List<String> HASHED_WHEN_SET = List.of(Column.REPLAY_OF.key(), Column.REPLAY_RUN_ID.key(),
            Column.REPLAY_TARGET.key(), Column.INPUTS_AS_OF.key(), Column.SNAPSHOT_ID.key(), Column.COST_USD.key());

    /** The columns that give a row its place in the chain, set when it is sealed (after the written ones). */
    public static final List<String> SEALED = List.of("prompt_hash", "reply_hash", "chain_seq", "prev_hash", "row_hash");

    public static final String GENESIS_HASH = "0".repeat(64);

    static {
        Map<String, Type> m = new LinkedHashMap<>();
        for (Column column : Column.values()) {
            m.put(column.key(), column.type());
        }
        WRITTEN = java.util.Collections.unmodifiableMap(m);
        List<String> hashed = new java.util.ArrayList<>(m.keySet());
        hashed.remove(Column.USER_PROMPT.key());
        hashed.remove(Column.REASONING_TRACE.key());
        hashed.removeAll(HASHED_WHEN_SET);
        hashed.addAll(List.of("prompt_hash", "reply_hash", "chain_seq", "prev_hash"));
        hashed.addAll(HASHED_WHEN_SET);
        HASHED = List.copyOf(hashed);
    }

    private LogColumns() {
    }

    public static Type type(String column) {
        return switch (column) {
            case "prompt_hash", "reply_hash", "prev_hash" -> Type.STRING;
            case "chain_seq" -> Type.INTEGER;
            default -> WRITTEN.getOrDefault(column, Type.STRING);
        };
    }

    /**
     * The row with every written column present and each value converted to its JDBC type: Long, BigDecimal,
     * LocalDateTime (millisecond precision, the column's) or String (lone surrogates replaced by U+FFFD, since the
     * database could not store them and the stored text must hash like the hashed one).
     */
    public static Map<String, Object> normalize(Map<String, ?> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : WRITTEN.entrySet()) {
            out.put(e.getKey(), value(e.getValue(), row.get(e.getKey())));
        }
        return out;
    }

    /** A value of {@code type} from what a row map, a JSON line or a JDBC result holds. */
    public static Object value(Type type, Object raw) {
        if (raw == null) {
            return null;
        }
        return switch (type) {
            case STRING -> wellFormed(raw.toString());
            case INTEGER -> raw instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(raw.toString().trim());
            case DECIMAL -> raw instanceof BigDecimal b ? b : new BigDecimal(raw.toString().trim());
            case DATETIME -> dateTime(raw);
        };
    }

    private static LocalDateTime dateTime(Object raw) {
        LocalDateTime t;
        if (raw instanceof LocalDateTime l) {
            t = l;
        } else if (raw instanceof Timestamp ts) {
            t = ts.toLocalDateTime();
        } else if (raw instanceof Instant i) {
            t = LocalDateTime.ofInstant(i, ZoneId.systemDefault());
        } else if (raw instanceof java.util.Date d) {
            t = LocalDateTime.ofInstant(d.toInstant(), ZoneId.systemDefault());
        } else {
            t = LocalDateTime.parse(raw.toString().trim().replace(' ', 'T'));
        }
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The canonical text of a typed value; null for null. */
    public static String canonical(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal b) {
            return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
        }
        if (value instanceof LocalDateTime t) {
            return IsoTimes.canonical(t);
        }
        return value.toString();
    }

    /** SHA-256 (lower-case hex) over the hashed columns of a row, each as {@code name=length:value;} or {@code name=-;}. */
    public static String rowHash(Map<String, Object> typedRow) {
        StringBuilder text = new StringBuilder(1024);
        for (String column : HASHED) {
            String v = canonical(typedRow.get(column));
            if (v == null && HASHED_WHEN_SET.contains(column)) {
                continue;
            }
            text.append(column).append('=');
            if (v == null) {
                text.append("-;");
            } else {
                text.append(v.length()).append(':').append(v).append(';');
            }
        }
        return sha256(text.toString());
    }

    /** SHA-256 of a text's UTF-8 bytes (lower-case hex); null for null. */
    public static String sha256(String text) {
        if (text == null) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** {@code text} with every unpaired surrogate replaced by U+FFFD. */
    static String wellFormed(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lone;
            if (Character.isHighSurrogate(c)) {
                lone = i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
                if (!lone) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                lone = Character.isLowSurrogate(c);
            }
            if (lone && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(lone ? '\uFFFD' : c);
            }
        }
        return out == null ? text : out.toString();
    }
}
