package io.camelarena.app;

import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.cluster.ClusterSettings;
import io.camelarena.config.ArenaDataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/** The arena database: bound migrated, so every stage after this one finds its schema; closed last on stop. */
public class DatabaseConfiguration extends StageConfiguration {

    @BindToRegistry(value = "arenaDataSource", destroyMethod = "close")
    public HikariDataSource dataSource(@BeanInject("arenaCluster") ClusterSettings cluster) {
        // Decisions hold a connection only for their short reads and writes, so the pool follows the parallelism up
        // to a cap that stays well under a MySQL/MariaDB server's default max_connections (151).
        int poolSize = props.optionalInteger("arena.db.pool-size").orElseGet(() ->
                Math.min(props.integer("arena.decide.parallelism") + 4, 32) + cluster.extraConnections());
        HikariDataSource dataSource = ArenaDataSource.create(props.string("arena.db.url"),
                props.string("arena.db.username"), props.optional("arena.db.password").orElse(""), poolSize,
                props.longValue("arena.db.connect-timeout-ms"));
        try {
            ArenaDataSource.migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }
}
