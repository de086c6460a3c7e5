package io.camelarena.flow;

import io.camelarena.testing.RequiredUnderCi;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Databases of their own on the real MySQL-compatible server (MariaDB at 127.0.0.1:3306, root, no password;
 * -Darena.it.mysql-url / -Darena.it.mysql-user elsewhere) for the tests that need one. Without the server such a
 * test is skipped, except with CI=true, where it fails.
 */
public final class MariaDbDatabases {

    public static final String SERVER = System.getProperty("arena.it.mysql-url", "jdbc:mysql://127.0.0.1:3306/");
    public static final String USER = System.getProperty("arena.it.mysql-user", "root");

    private MariaDbDatabases() {
    }

    /** Creates {@code <prefix>_<random>} (utf8mb4) and returns its name; throws when the server does not answer. */
    public static String tryCreate(String prefix) throws SQLException {
        String database = prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        return database;
    }

    /** Creates a database as {@link #tryCreate}; without a server the calling test is skipped (failed with CI=true). */
    public static String create(String prefix) {
        try {
            return tryCreate(prefix);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Skips the calling test, or fails it with CI=true: the integration tests must run there. */
    public static RuntimeException unavailable(SQLException cause) {
        return RequiredUnderCi.unavailable("the MySQL-compatible server at " + SERVER + " is not reachable: "
                + cause.getMessage(), cause);
    }

    /** The JDBC URL of {@code database} on the server. */
    public static String url(String database) {
        return SERVER + database + "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=UTF-8";
    }

    /** Drops {@code database} if it was created (null: nothing to do). */
    public static void drop(String database) throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database);
        }
    }
}
