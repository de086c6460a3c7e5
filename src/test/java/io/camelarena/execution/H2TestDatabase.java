package io.camelarena.execution;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A fresh in-memory H2 database in MySQL mode, migrated with the production schema, plus small query helpers. */
public final class H2TestDatabase implements AutoCloseable {

    private final String url;
    private final HikariDataSource dataSource;

    public H2TestDatabase() {
        url = "jdbc:h2:mem:exec-" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL (user sa, no password), for code that opens its own connections. */
    public String url() {
        return url;
    }

    /** Inserts an account with {@code cash} as initial and current cash; returns its id. */
    public long insertAccount(String name, BigDecimal cash) {
        return insertAccount(dataSource, name, cash);
    }

    /** {@link #insertAccount(String, BigDecimal)} in any database with the arena's schema (MariaDB tests too). */
    public static long insertAccount(DataSource dataSource, String name, BigDecimal cash) {
        String sql = "INSERT INTO accounts (name, provider, model, initial_cash, current_cash) VALUES (?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            statement.setString(1, name);
            statement.setString(2, "openai");
            statement.setString(3, "test-model");
            statement.setBigDecimal(4, cash);
            statement.setBigDecimal(5, cash);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet resultSet = statement.executeQuery()) {
                ResultSetMetaData meta = resultSet.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (resultSet.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column).toLowerCase(), resultSet.getObject(column));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> row(String sql, Object... parameters) {
        List<Map<String, Object>> rows = rows(sql, parameters);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row from " + sql + " but got " + rows.size());
        }
        return rows.get(0);
    }

    public BigDecimal decimal(String sql, Object... parameters) {
        Object value = row(sql, parameters).values().iterator().next();
        return value == null ? null : (BigDecimal) value;
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of the tables an order touches, for "nothing changed" assertions. */
    public Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : List.of("accounts", "positions", "orders", "trades")) {
            tables.put(table, rows("SELECT * FROM " + table + " ORDER BY id"));
        }
        return tables;
    }

    @Override
    public void close() {
        dataSource.close();
        // DB_CLOSE_DELAY=-1 keeps the in-memory database after the pool is gone; drop it explicitly
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
