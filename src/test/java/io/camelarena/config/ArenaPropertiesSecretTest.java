package io.camelarena.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camel Main prints every property resolved through the properties component's lookup, with its value, in its
 * start-up "property-placeholders summary". Keys are read around that lookup, wherever they are configured.
 */
class ArenaPropertiesSecretTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void tearDown() throws Exception {
        System.clearProperty("ARENA_SECRET_FROM_FLAG");
        context.close();
    }

    @Test
    void keysFromFlagsOverridesAndFilesAreFoundWithoutATrackedLookup(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "ARENA_SECRET_FROM_FILE = sk-file-0123456789\n");
        PropertiesComponent properties = (PropertiesComponent) context.getPropertiesComponent();
        properties.setLocation("file:" + file);
        Properties overrides = new Properties();
        overrides.put("ARENA_SECRET_FROM_OVERRIDE", "sk-override-0123456789");
        properties.setOverrideProperties(overrides);
        System.setProperty("ARENA_SECRET_FROM_FLAG", " sk-flag-0123456789 ");
        List<String> lookedUp = new ArrayList<>();
        properties.addPropertiesLookupListener((name, value, defaultValue, source) -> lookedUp.add(name));
        ArenaProperties props = new ArenaProperties(properties);

        assertThat(props.secret("ARENA_SECRET_FROM_FLAG")).contains("sk-flag-0123456789");
        assertThat(props.secret("ARENA_SECRET_FROM_OVERRIDE")).contains("sk-override-0123456789");
        assertThat(props.secret("ARENA_SECRET_FROM_FILE")).contains("sk-file-0123456789");
        assertThat(props.secret("ARENA_SECRET_NOWHERE")).isEmpty();
        assertThat(lookedUp).as("names seen by the lookup Camel Main summarises").isEmpty();

        // The control: an ordinary read goes through the tracked lookup.
        assertThat(props.optional("ARENA_SECRET_FROM_FILE")).contains("sk-file-0123456789");
        assertThat(lookedUp).contains("ARENA_SECRET_FROM_FILE");
    }
}
