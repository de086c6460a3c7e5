package io.camelarena.audit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A data source whose chain walk (the query ordered by chain_seq) runs {@code between} once, right after the walk has
 * read its first row: the moment of a verify at which a tick's append used to be taken for tampering.
 */
final class AppendDuringWalk {

    interface Step {
        void run() throws Exception;
    }

    private AppendDuringWalk() {
    }

    static DataSource wrap(DataSource real, Step between) {
        AtomicBoolean done = new AtomicBoolean();
        return proxy(DataSource.class, real, (method, args, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, result, (m, a, r) -> m.getName().equals("prepareStatement")
                        && a[0].toString().contains("ORDER BY chain_seq")
                        ? proxy(PreparedStatement.class, r, (m2, a2, r2) -> m2.getName().equals("executeQuery")
                                ? proxy(ResultSet.class, r2, (m3, a3, r3) -> {
                                    if (m3.getName().equals("next") && done.compareAndSet(false, true)) {
                                        between.run();
                                    }
                                    return r3;
                                })
                                : r2)
                        : r)
                : result);
    }

    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Object target, After after) {
        return type.cast(Proxy.newProxyInstance(AppendDuringWalk.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return after.apply(method, args, result);
                }));
    }
}
