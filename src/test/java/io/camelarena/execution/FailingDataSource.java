package io.camelarena.execution;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A DataSource whose connections fail in one place, as a pool or a network can, to test what callers make of it. */
final class FailingDataSource {

    private FailingDataSource() {
    }

    /** {@code close()} closes the connection, then throws (as a pool's reset of auto-commit can, after a commit). */
    static DataSource failingClose(DataSource real) {
        return wrap(real, "close", true);
    }

    /** {@code commit()} commits, then throws (the answer to the commit was lost on the way back). */
    static DataSource failingAfterCommit(DataSource real) {
        return wrap(real, "commit", true);
    }

    /** {@code commit()} throws without committing. */
    static DataSource failingCommit(DataSource real) {
        return wrap(real, "commit", false);
    }

    /**
     * The first {@code victims} connections fail their first statement that writes a position as InnoDB fails a
     * deadlock victim: the transaction rolled back, then SQLException with SQLState 40001.
     */
    static DataSource deadlockVictims(DataSource real, int victims) {
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(victims);
        return (DataSource) Proxy.newProxyInstance(FailingDataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    if (!method.getName().equals("getConnection") || left.getAndDecrement() <= 0) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(FailingDataSource.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("prepareStatement") && a != null
                                        && a[0].toString().contains("positions") && !a[0].toString()
                                                .startsWith("SELECT")) {
                                    connection.rollback();
                                    throw new SQLException("Deadlock found when trying to get lock; try restarting"
                                            + " transaction", "40001", 1213);
                                }
                                return invoke(m, connection, a);
                            });
                });
    }

    private static DataSource wrap(DataSource real, String failing, boolean afterCalling) {
        return (DataSource) Proxy.newProxyInstance(FailingDataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    if (method.getName().equals("getConnection")) {
                        return connection((Connection) result, failing, afterCalling);
                    }
                    return result;
                });
    }

    private static Connection connection(Connection real, String failing, boolean afterCalling) {
        return (Connection) Proxy.newProxyInstance(FailingDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals(failing)) {
                        if (afterCalling) {
                            invoke(method, real, args);
                        } else if (failing.equals("commit")) {
                            real.rollback();
                        }
                        throw new SQLException(failing + " refused by the test's DataSource", "08S01");
                    }
                    return invoke(method, real, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
