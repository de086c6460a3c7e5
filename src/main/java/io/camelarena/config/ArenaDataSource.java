package io.camelarena.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** The pooled connection to the arena database and its migrations. */
public final class ArenaDataSource {

    private ArenaDataSource() {
    }

    public static HikariDataSource create(String url, String username, String password, int poolSize,
            long connectionTimeoutMs) {
        if (url.startsWith("jdbc:h2:file:./data/")) {
            try {
                Files.createDirectories(Path.of("data"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create ./data for the embedded database: " + e.getMessage(), e);
            }
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("arena-db");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(connectionTimeoutMs);
        if (url.startsWith("jdbc:mysql:") && !url.contains("rewriteBatchedStatements")) {
            // The decision log writes the rows of concurrent decisions as one JDBC batch: sent as one multi-row
            // INSERT instead of one round trip per row. A value in the URL wins.
            config.addDataSourceProperty("rewriteBatchedStatements", "true");
        }
        if (url.startsWith("jdbc:mysql:") && !url.contains("openTelemetry")) {
            // With the OpenTelemetry API on the class path (arena.otel), Connector/J would trace every statement
            // through the global OpenTelemetry, which the arena never sets: no-op spans and context lookups per
            // statement. The arena's own spans cover the database work (execute order, decision_log write).
            config.addDataSourceProperty("openTelemetry", "DISABLED");
        }
        // Fail at start-up with a clear cause rather than on the first tick.
        config.setInitializationFailTimeout(connectionTimeoutMs);
        return new HikariDataSource(config);
    }

    public static void migrate(javax.sql.DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                // Shared migrations, plus those whose DDL differs by vendor (V3: Quartz's own table scripts).
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor(dataSource))
                .load()
                .migrate();
    }

    /** {@code h2} or {@code mysql} (MySQL and MariaDB): the folder under db/vendor with this database's DDL. */
    static String vendor(javax.sql.DataSource dataSource) {
        String product;
        try (java.sql.Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot reach the database to migrate it: " + e.getMessage(), e);
        }
        String p = product == null ? "" : product.toLowerCase(java.util.Locale.ROOT);
        if (p.contains("h2")) {
            return "h2";
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return "mysql";
        }
        throw new IllegalStateException("unsupported database '" + product + "': camel-arena runs on H2 (MODE=MySQL), "
                + "MySQL 8 or MariaDB 10.11+");
    }

    /** The JDBC URL with any password parameter removed, for logs. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***");
    }
}
