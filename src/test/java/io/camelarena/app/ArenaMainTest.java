package io.camelarena.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

class ArenaMainTest {

    @Test
    void aStartUpFailureReadsAsItsOwnMessageAndRootCauseWithoutTheWrappersOfTheBeanMethodCall() {
        Exception pool = new IllegalStateException("Failed to initialize pool: Communications link failure\n\nThe "
                + "last packet sent", new ConnectException("Connection refused"));
        Throwable thrown = new RuntimeCamelException(new InvocationTargetException(pool));
        assertThat(ArenaMain.oneLine(thrown)).isEqualTo("Failed to initialize pool: Communications link failure The "
                + "last packet sent (ConnectException: Connection refused)");
        assertThat(ArenaMain.oneLine(new IllegalStateException("account gpt has no API key")))
                .isEqualTo("account gpt has no API key");
    }

    @Test
    void helpNamesEveryCommandAndEachCommandHasItsUsageWithExitCodes() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        assertThat(ArenaMain.help(null, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)))
                .isZero();
        assertThat(out.toString()).contains("usage: java -jar camel-arena.jar [COMMAND] [OPTIONS]",
                "  validate ", "  verify ", "  replay ", "  help ", "-Darena.profile=demo", "Exit code:");
        for (String command : Usage.COMMANDS.keySet()) {
            out.reset();
            assertThat(ArenaMain.help(command, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)))
                    .isZero();
            assertThat(out.toString()).startsWith("usage: java -jar camel-arena.jar " + command)
                    .contains("Exit code");
        }
        out.reset();
        assertThat(ArenaMain.help("replai", new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("camel-arena: no command 'replai'").contains("Commands:");
    }

    @Test
    void theReplayUsageListsEveryOptionTheCommandReads() {
        for (String option : new String[] {"--targets=", "--decisions=", "--ticks=", "--accounts=", "--from=",
                "--to=", "--url=", "--user=", "--password=", "--routes=", "--poll-ms="}) {
            assertThat(Usage.COMMANDS.get("replay")).contains(option);
            assertThat(ReplayCommand.USAGE).contains(option);
        }
    }
}
