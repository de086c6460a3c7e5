package io.camelarena.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.config.ArenaDataSource;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replay_runs bookkeeping on H2 (MODE=MySQL), migrated as the runtime migrates it. */
class ReplayRunsTest {

    private final HikariDataSource dataSource = ArenaDataSource.create("jdbc:h2:mem:runs-" + UUID.randomUUID()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "", 2,
            5000);
    private final ReplayRuns runs;

    ReplayRunsTest() {
        ArenaDataSource.migrate(dataSource);
        runs = new ReplayRuns(dataSource, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void runsLeftQueuedByAProcessThatDidNotStopAreRecordedInterruptedAtTheNextStart() throws Exception {
        int queued = runs.create("api", "{}", "a,b", 2, 4);

        assertThat(runs.interruptAbandoned()).isEqualTo(1);

        assertThat(runs.get(queued)).get().satisfies(run -> {
            assertThat(run.get("status")).isEqualTo("INTERRUPTED");
            assertThat((String) run.get("message")).contains("ended without stopping");
            assertThat(run.get("targets")).isEqualTo(java.util.List.of("a", "b"));
        });
        assertThat(runs.interruptAbandoned()).isZero();
    }
}
