package io.camelarena.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.monitor.ArenaMonitor;
import io.camelarena.prompt.PromptTemplateReloader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runtime on a temporary copy of templates/: two accounts on one model with two templates side by side; a valid
 * template edit is applied between ticks and changes the next prompt; an edit that fails validation is refused (file,
 * line, cause, visible on the MBean) and the running template stays; a template in use cannot be deleted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PromptTemplateReloadTest extends ArenaRouteTestSupport {

    private Path templatesDir;

    private Path templatesDir() {
        if (templatesDir == null) {
            try {
                templatesDir = Files.createTempDirectory("arena-templates-");
                Files.copy(Path.of("templates/prompt.ftl"), templatesDir.resolve("prompt.ftl"));
                Files.writeString(templatesDir.resolve("terse.ftl"), "TERSE for ${account.name}: cash "
                        + "${portfolio.cash}\n${market.pricesJson}\nAnswer with one JSON decision object.\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return templatesDir;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.prompt.templates-dir", templatesDir().toString());
        // applied through reloadNow(): no timing in the test
        p.put("arena.prompt.templates.reload.enabled", "false");
        p.put("arena.accounts.standard.provider", "simulated");
        p.put("arena.accounts.standard.model", "momentum");
        p.put("arena.accounts.short.provider", "simulated");
        p.put("arena.accounts.short.model", "momentum");
        p.put("arena.accounts.short.prompt-template", "terse.ftl");
        return p;
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
    }

    private PromptTemplateReloader reloader() {
        return context.getRegistry().lookupByNameAndType("arenaTemplateReloader", PromptTemplateReloader.class);
    }

    private String prompt(String tickId, String account) throws Exception {
        return (String) decisionRow(tickId, account).get("user_prompt");
    }

    @Test
    @Order(1)
    void twoAccountsOnOneModelRunTwoPromptsSideBySide() throws Exception {
        String tickId = triggerTick();

        assertThat(prompt(tickId, "standard")).startsWith("You are a cryptocurrency trading AI.");
        assertThat(prompt(tickId, "short")).isEqualTo("TERSE for short: cash $10000.00\n{\n  \"BTC\": 95234.5,\n"
                + "  \"ETH\": 3421.23,\n  \"SOL\": 198.45,\n  \"BNB\": 621.7,\n  \"XRP\": 2.3145,\n"
                + "  \"DOGE\": 0.32118\n}\nAnswer with one JSON decision object.");
    }

    @Test
    @Order(2)
    void aValidEditIsAppliedBetweenTicks() throws Exception {
        Path file = templatesDir().resolve("terse.ftl");
        Files.writeString(file, "EDITED " + Files.readString(file), StandardCharsets.UTF_8);

        assertThat(reloader().reloadNow()).startsWith("applied: ");
        String tickId = triggerTick();

        assertThat(prompt(tickId, "short")).startsWith("EDITED TERSE for short");
        assertThat(prompt(tickId, "standard")).startsWith("You are a cryptocurrency trading AI.");
    }

    @Test
    @Order(3)
    void aBrokenEditIsRefusedAndTheRunningTemplateStays() throws Exception {
        Path file = templatesDir().resolve("terse.ftl");
        Files.writeString(file, "BROKEN\ncash ${portfolio.cassh}\n", StandardCharsets.UTF_8);

        String outcome = reloader().reloadNow();
        String tickId = triggerTick();

        assertThat(outcome).startsWith("refused: " + file + ":2: fails with the sample data");
        assertThat(reloader().lastRefusedEditSummary()).startsWith(file + ":2: ").contains("portfolio.cassh");
        ArenaMonitor monitor = context.getRegistry().lookupByNameAndType("arenaMonitor", ArenaMonitor.class);
        assertThat(monitor.getLastRefusedRouteEdit()).contains(file + ":2: ");
        assertThat(prompt(tickId, "short")).startsWith("EDITED TERSE for short");
    }

    @Test
    @Order(4)
    void aTemplateInUseCannotBeDeletedAndTheFixClearsTheRefusal() throws Exception {
        Files.delete(templatesDir().resolve("terse.ftl"));

        assertThat(reloader().reloadNow()).contains("template terse.ftl is in use");
        Files.writeString(templatesDir().resolve("terse.ftl"), "FIXED ${account.name}\n", StandardCharsets.UTF_8);
        assertThat(reloader().reloadNow()).startsWith("applied: ");
        assertThat(reloader().lastRefusedEditSummary()).isEmpty();
        assertThat(prompt(triggerTick(), "short")).isEqualTo("FIXED short");
    }
}
