package io.camelarena.monitor;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness checks of the arena, shown on /observe/health next to Camel's own. */
public final class ArenaHealthChecks {

    private ArenaHealthChecks() {
    }

    /** @param lastSnapshot when the last tick with prices took its snapshot (in a cluster: on any runtime), or null */
    public static List<HealthCheck> all(DataSource dataSource, Supplier<Instant> lastSnapshot, Duration maxSnapshotAge,
            Supplier<String> refusedRouteEdit, Clock clock) {
        return List.of(new Database(dataSource), new MarketSnapshotFreshness(lastSnapshot, maxSnapshotAge, clock),
                new RouteFiles(refusedRouteEdit));
    }

    private abstract static class ReadinessCheck extends AbstractHealthCheck {
        ReadinessCheck(String id) {
            super("camel-arena", id);
        }

        @Override
        public boolean isLiveness() {
            return false;
        }
    }

    /** The decision log's database answers a validity check within 2 seconds. */
    static final class Database extends ReadinessCheck {
        private final DataSource dataSource;

        Database(DataSource dataSource) {
            super("arena-database");
            this.dataSource = dataSource;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection c = dataSource.getConnection()) {
                if (c.isValid(2)) {
                    builder.up();
                } else {
                    builder.down().message("database connection is not valid");
                }
            } catch (Exception e) {
                builder.down().message("database unreachable: " + e.getMessage());
            }
        }
    }

    /** The last market snapshot with prices is not older than allowed (a tick that skips leaves it aging). */
    static final class MarketSnapshotFreshness extends ReadinessCheck {
        private final Supplier<Instant> lastSnapshot;
        private final Duration maxAge;
        private final Clock clock;
        private final Instant startedAt;

        MarketSnapshotFreshness(Supplier<Instant> lastSnapshot, Duration maxAge, Clock clock) {
            super("arena-market-snapshot");
            this.lastSnapshot = lastSnapshot;
            this.maxAge = maxAge;
            this.clock = clock;
            this.startedAt = clock.instant();
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Instant now = clock.instant();
            Instant last = lastSnapshot.get();
            builder.detail("max.age.seconds", maxAge.toSeconds());
            if (last == null) {
                boolean grace = Duration.between(startedAt, now).compareTo(maxAge) < 0;
                builder.state(grace ? State.UP : State.DOWN)
                        .message(grace ? "no market snapshot yet" : "no market snapshot with prices since start-up");
                return;
            }
            Duration age = Duration.between(last, now);
            builder.detail("age.seconds", age.toSeconds());
            if (age.compareTo(maxAge) > 0) {
                builder.down().message("last market snapshot with prices is " + age.toSeconds() + " s old");
            } else {
                builder.up();
            }
        }
    }

    /**
     * The route files: UP also while an edit stands refused, since the runtime keeps ticking on the last good routes
     * (a load balancer must not pull it); the refused edit is in the details ({@code refusedEdit}), on JMX
     * ({@code LastRefusedRouteEdit}) and in the log. Readiness only; liveness is Camel's own.
     */
    static final class RouteFiles extends ReadinessCheck {
        /** The folders of a path to a route or template file ("/tmp/x/routes/" of "/tmp/x/routes/a.camel.yaml"). */
        private static final java.util.regex.Pattern FOLDERS = java.util.regex.Pattern.compile(
                "(?<![\\w.-])[^\\s:'\"]*/(?=[^/\\s:'\"]+\\.(yaml|ftl)\\b)");
        private final Supplier<String> refusedRouteEdit;

        RouteFiles(Supplier<String> refusedRouteEdit) {
            super("arena-route-files");
            this.refusedRouteEdit = refusedRouteEdit;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            String refused = refusedRouteEdit.get();
            builder.up();
            if (refused != null && !refused.isEmpty()) {
                // File names without their folders: the health JSON would print each '/' as '\/'.
                builder.message("route edit refused, the last good routes still run: "
                        + FOLDERS.matcher(refused).replaceAll(""));
                builder.detail("refusedEdit", refused);
            }
        }
    }
}
