package io.camelarena.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** JSON answers of the API: the body, the status, and nothing of the request echoed back as response headers. */
public final class ApiSupport {

    /** Decimals as written out, never in E-notation: a cost of 0.00000099 USD reads so, not 9.9E-7 (nor 0 as 0E-8). */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private ApiSupport() {
    }

    /** A handler that produces the response value (serialized as JSON) or throws an {@link ApiException}. */
    @FunctionalInterface
    public interface Handler {
        Object handle() throws Exception;
    }

    /**
     * Runs the handler and answers with its value as JSON (status 200). What it throws is answered by the API
     * routes' one error mapping ({@link ApiErrors}).
     */
    public static void respond(Exchange exchange, Handler handler) throws Exception {
        Object value = handler.handle();
        json(exchange, 200, value instanceof String s ? s : JSON.writeValueAsString(value));
    }

    /** The query string of the request, as the client sent it. */
    public static QueryParams query(Exchange exchange, Set<String> allowed) {
        return QueryParams.parse(exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class), allowed);
    }

    /** The JSON error of a refused request; a 401 also names the scheme to authenticate with (RFC 9110). */
    public static void error(Exchange exchange, ApiException e) {
        json(exchange, e.status(), errorBody(e));
        if (e.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"camel-arena\"");
        }
    }

    /** {@code {"error": ..., "parameter": ..., "message": ...}}: the shape of every refusal, the HttpGuard's too. */
    static String errorBody(ApiException e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", e.error());
        if (e.parameter() != null) {
            body.put("parameter", e.parameter());
        }
        body.put("message", e.getMessage());
        return body.toString();
    }

    static void json(Exchange exchange, int status, String body) {
        Message message = exchange.getMessage();
        // Query parameters and request headers arrive as message headers; none of them goes back to the client.
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        message.setHeader("Cache-Control", "no-store");
        message.setBody(body);
    }

    /** One row as an ordered map, keys the lower-case column labels, values JSON-friendly. */
    static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
            row.put(name, value(rs, i, name));
        }
        return row;
    }

    static Object value(ResultSet rs, int column, String name) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp || v instanceof java.time.LocalDateTime || v instanceof java.time.OffsetDateTime) {
            return rs.getTimestamp(column).toInstant().toString();
        }
        if (v instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() < 0 ? d.setScale(0) : d.stripTrailingZeros();
        }
        if (name.equals("executed") && v instanceof String s) {
            return Boolean.parseBoolean(s);
        }
        return v;
    }

    /** JSON text parsed, or null when it is not JSON. */
    static JsonNode parseJson(Object text) {
        if (!(text instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }
}
