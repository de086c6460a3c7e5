package io.camelarena.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Hands Quartz's JDBC job store connections from the arena's own HikariCP pool: one pool, one set of credentials,
 * one place to size it, and the tables Flyway created are the ones Quartz uses. The pool is closed with the runtime,
 * not by Quartz.
 */
public final class PooledConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;

    public PooledConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Registers a provider for {@code dataSource} under {@code name}, the job store's org.quartz.jobStore.dataSource. */
    public static void register(String name, DataSource dataSource) {
        DBConnectionManager.getInstance().addConnectionProvider(name, new PooledConnectionProvider(dataSource));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the arena closes its pool when the Camel context stops
    }

    @Override
    public void initialize() {
        // the pool exists already
    }
}
