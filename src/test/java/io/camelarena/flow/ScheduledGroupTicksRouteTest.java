package io.camelarena.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tick-schedule route with three account groups on one runtime: a job per group, the groups of a slot side by
 * side, each account decided once per slot, one market_ticks row per group tick (its RUNNING row finished in place).
 * With Quartz's in-memory store (the default); {@link ScheduledGroupTicksClusteredH2Test} runs it clustered on H2.
 */
class ScheduledGroupTicksRouteTest extends ArenaRouteTestSupport {

    static final List<String> ACCOUNTS = List.of("s0", "s1", "s2", "s3", "s4", "s5");

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.schedule.cron", "0/2 * * * * ?");
        p.put("arena.cluster.groups", "3");
        p.put("arena.routes.reload.enabled", "false");
        for (String name : ACCOUNTS) {
            p.put("arena.accounts." + name + ".provider", "simulated");
            p.put("arena.accounts." + name + ".model", "momentum");
        }
        // s0 in group 2 whatever its hash says
        p.put("arena.accounts.s0.group", "2");
        return p;
    }

    @BeforeEach
    void market() {
        stubMarket();
    }

    @Test
    void everyAccountIsDecidedOncePerSlotByItsGroupsJob() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fullSlots().size() >= 2);

        for (String slot : fullSlots()) {
            assertThat(query("SELECT a.name FROM ai_decision_logs l JOIN accounts a ON a.id = l.account_id "
                    + "WHERE l.tick_id LIKE '" + slot + "-g%'")).extracting(r -> r.get("name"))
                    .containsExactlyInAnyOrderElementsOf(ACCOUNTS);
        }
        assertThat(query("SELECT tick_id FROM ai_decision_logs l JOIN accounts a ON a.id = l.account_id "
                + "WHERE a.name = 's0'")).allSatisfy(r -> assertThat((String) r.get("tick_id")).endsWith("-g2"));
        assertThat(query("SELECT tick_id, account_id FROM ai_decision_logs GROUP BY tick_id, account_id "
                + "HAVING COUNT(*) > 1")).isEmpty();
        assertThat(query("SELECT detail FROM market_ticks WHERE status = 'COMPLETED'"))
                .allSatisfy(r -> assertThat((String) r.get("detail")).startsWith("run by "));
    }

    /** Slots whose three group ticks all completed. */
    List<String> fullSlots() throws Exception {
        Map<String, List<String>> slots = new TreeMap<>();
        for (Map<String, Object> r : query("SELECT tick_id, status FROM market_ticks WHERE tick_id LIKE '%-g%'")) {
            String id = (String) r.get("tick_id");
            slots.computeIfAbsent(id.substring(0, id.lastIndexOf("-g")), k -> new java.util.ArrayList<>())
                    .add((String) r.get("status"));
        }
        return slots.entrySet().stream()
                .filter(e -> e.getValue().size() == 3 && e.getValue().stream().allMatch("COMPLETED"::equals))
                .map(Map.Entry::getKey).collect(Collectors.toList());
    }
}
