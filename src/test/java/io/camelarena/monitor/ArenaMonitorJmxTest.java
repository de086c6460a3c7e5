package io.camelarena.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up summary's JMX line: the service URL a client connects to when remote JMX is on. */
class ArenaMonitorJmxTest {

    @Test
    void withoutRemoteJmxItSaysToAttachLocally() {
        assertThat(ArenaMonitor.jmxDescription(Map.<String, String>of()::get))
                .endsWith("in the platform MBean server (local attach: jconsole / VisualVM)");
    }

    @Test
    void withRemoteJmxItPrintsTheServiceUrlOnTheConfiguredHost() {
        assertThat(ArenaMonitor.jmxDescription(Map.of("com.sun.management.jmxremote.port", "9010",
                "com.sun.management.jmxremote.host", "127.0.0.1")::get))
                .endsWith(", remote: service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi");
        assertThat(ArenaMonitor.jmxDescription(Map.of("com.sun.management.jmxremote.port", "9010",
                "java.rmi.server.hostname", "arena.local")::get))
                .endsWith("rmi://arena.local:9010/jmxrmi");
        assertThat(ArenaMonitor.jmxDescription(Map.of("com.sun.management.jmxremote.port", "9010")::get))
                .endsWith("rmi://localhost:9010/jmxrmi");
    }
}
