package io.camelarena.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A result set read as a byte stream: one row is fetched and encoded (a JSON line or a CSV record) each time the
 * reader has consumed the previous one, so memory stays constant whatever the number of rows. The HTTP server pulls
 * from it with back-pressure (Vert.x pumps an InputStream body into the chunked response as the socket drains).
 * MySQL/MariaDB stream the rows ({@code fetchSize = Integer.MIN_VALUE}); H2 pages its results to disk beyond its
 * in-memory row limit. Closing the stream (end, client gone, exchange done) releases the connection.
 */
public final class ExportStream extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ExportStream.class);

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final boolean csv;
    /** Chat-messages JSONL (DatasetRows.chat) instead of one JSON object of the columns per row. */
    private final boolean chat;
    private final String[] columns;
    /** Columns computed from each row after the selected ones (its hypothetical outcome), or null. */
    private final RowExtras extras;
    private final ByteArrayOutputStream encoded = new ByteArrayOutputStream(16 * 1024);
    private byte[] buffer = new byte[0];
    private int position;
    private boolean headerWritten;
    private boolean closed;
    private long rowCount;

    /** Columns a row gets from its own values: their names (in CSV order) and how they are computed. */
    record RowExtras(List<String> columns, Function<Map<String, Object>, Map<String, Object>> values) {
    }

    private ExportStream(Connection connection, PreparedStatement statement, ResultSet rows, boolean csv, boolean chat,
            RowExtras extras) throws SQLException {
        this.extras = extras;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.csv = csv;
        this.chat = chat;
        ResultSetMetaData md = rows.getMetaData();
        columns = new String[md.getColumnCount()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = md.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
        }
    }

    static ExportStream open(DataSource dataSource, String sql, DecisionFilter filter, boolean csv)
            throws SQLException {
        return open(dataSource, sql, filter, csv, false, null);
    }

    static ExportStream open(DataSource dataSource, String sql, DecisionFilter filter, boolean csv, boolean chat,
            RowExtras extras) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            PreparedStatement st = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            boolean mysql = c.getMetaData().getURL().startsWith("jdbc:mysql:")
                    || c.getMetaData().getURL().startsWith("jdbc:mariadb:");
            // MySQL Connector/J: row-by-row streaming; other drivers: a bounded fetch size.
            st.setFetchSize(mysql ? Integer.MIN_VALUE : 200);
            filter.bind(st);
            return new ExportStream(c, st, st.executeQuery(), csv, chat, extras);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int copied = 0;
        while (copied < length && fill()) {
            int n = Math.min(length - copied, buffer.length - position);
            System.arraycopy(buffer, position, target, offset + copied, n);
            position += n;
            copied += n;
        }
        return copied == 0 ? -1 : copied;
    }

    /** Makes sure there are unread bytes; false at the end. */
    private boolean fill() throws IOException {
        while (position >= buffer.length) {
            if (closed) {
                return false;
            }
            encoded.reset();
            try {
                if (csv && !headerWritten) {
                    headerWritten = true;
                    for (int i = 0; i < columns.length; i++) {
                        encoded.write(((i == 0 ? "" : ",") + csvField(columns[i])).getBytes(StandardCharsets.UTF_8));
                    }
                    for (String extra : extras == null ? List.<String>of() : extras.columns()) {
                        encoded.write(("," + csvField(extra)).getBytes(StandardCharsets.UTF_8));
                    }
                    encoded.write("\r\n".getBytes(StandardCharsets.UTF_8));
                } else if (rows.next()) {
                    rowCount++;
                    if (csv) {
                        csvRow();
                    } else if (chat) {
                        chatRow();
                    } else {
                        jsonRow();
                    }
                } else {
                    close();
                    return false;
                }
            } catch (SQLException e) {
                close();
                throw new IOException("export failed after " + rowCount + " rows: " + e.getMessage(), e);
            }
            buffer = encoded.toByteArray();
            position = 0;
        }
        return true;
    }

    private void jsonRow() throws SQLException, IOException {
        try (JsonGenerator json = ApiSupport.JSON.getFactory().createGenerator(encoded)) {
            json.writeStartObject();
            for (int i = 0; i < columns.length; i++) {
                json.writeFieldName(columns[i]);
                json.writeObject(ApiSupport.value(rows, i + 1, columns[i]));
            }
            json.writeEndObject();
        }
        encoded.write('\n');
    }

    /** A row without prompt or reply adds nothing (fill reads on to the next one). */
    private void chatRow() throws SQLException, IOException {
        Map<String, Object> row = currentRow();
        if (extras != null) {
            row.putAll(extras.values().apply(row));
        }
        var line = DatasetRows.chat(row);
        if (line != null) {
            encoded.write(ApiSupport.JSON.writeValueAsBytes(line));
            encoded.write('\n');
        }
    }

    private Map<String, Object> currentRow() throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            row.put(columns[i], ApiSupport.value(rows, i + 1, columns[i]));
        }
        return row;
    }

    private void csvRow() throws SQLException, IOException {
        StringBuilder line = new StringBuilder(512);
        Map<String, Object> row = currentRow();
        List<Object> values = new ArrayList<>(row.values());
        if (extras != null) {
            Map<String, Object> computed = extras.values().apply(row);
            extras.columns().forEach(c -> values.add(computed.get(c)));
        }
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object v = values.get(i);
            if (v instanceof String text) {
                line.append(csvField(spreadsheetText(text)));
            } else if (v != null) {
                line.append(csvField(v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString()));
            }
        }
        line.append("\r\n");
        encoded.write(line.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A text cell a spreadsheet would take for a formula (OWASP, CSV injection: it starts with =, +, -, @, tab or
     * carriage return) gets a leading {@code '}, which spreadsheets show as text. Prompts and replies carry text from
     * news feeds and models that anyone can influence. Number columns are numbers, never text, and keep their sign.
     */
    static String spreadsheetText(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    /** RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled. Text is otherwise verbatim. */
    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Connection c = connection; PreparedStatement st = statement; ResultSet rs = rows) {
            LOG.debug("export closed after {} rows", rowCount);
        } catch (SQLException e) {
            LOG.warn("closing the export: {}", e.toString());
        }
    }
}
