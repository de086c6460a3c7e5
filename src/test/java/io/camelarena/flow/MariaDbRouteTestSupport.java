package io.camelarena.flow;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The runtime of a route test on the real MySQL-compatible server (MariaDB at 127.0.0.1:3306, root, no password;
 * -Darena.it.mysql-url / -Darena.it.mysql-user elsewhere), in a database of its own, created when the test instance
 * is built and dropped after the class. Without the server the class is skipped, except with CI=true, where it fails.
 */
public abstract class MariaDbRouteTestSupport extends ArenaRouteTestSupport {

    public static final String SERVER = MariaDbDatabases.SERVER;
    public static final String USER = MariaDbDatabases.USER;

    private String database;
    private SQLException unavailable;

    /** A prefix for the database's name (the rest is random), e.g. "arena_it". */
    protected abstract String databasePrefix();

    /** The database of this class, or null without a server. */
    protected String database() {
        return database;
    }

    /** The JDBC URL of this class's database on {@code host:port} (a proxy in front of the server, say). */
    protected String jdbcUrl(String hostAndPort, String extraParameters) {
        return "jdbc:mysql://" + hostAndPort + "/" + database
                + "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=UTF-8" + extraParameters;
    }

    /** The JDBC URL of this class's database on the server itself. */
    protected String jdbcUrl() {
        return MariaDbDatabases.url(database);
    }

    /** Called while the test instance is built (CamelTestSupport reads its properties then). */
    @Override
    protected String databaseUrl() {
        try {
            database = MariaDbDatabases.tryCreate(databasePrefix());
        } catch (SQLException e) {
            unavailable = e;
            database = null;
            return super.databaseUrl();
        }
        return runtimeUrl();
    }

    /** The URL the runtime is given; by default {@link #jdbcUrl()}. */
    protected String runtimeUrl() {
        return jdbcUrl();
    }

    @Override
    protected String databaseUser() {
        return database == null ? super.databaseUser() : USER;
    }

    @BeforeAll
    void requireServer() {
        if (unavailable == null) {
            return;
        }
        throw MariaDbDatabases.unavailable(unavailable);
    }

    @AfterAll
    void dropDatabase() throws Exception {
        stopRuntime(); // before its database goes
        MariaDbDatabases.drop(database);
    }
}
