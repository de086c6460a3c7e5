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
}
