package io.camelarena.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify reads the database settings where the runtime reads them, and has no default of its own. */
class VerifyCommandTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearConfig() {
        System.clearProperty("arena.config");
    }

    @Test
    void withoutTheDatabaseUrlInTheConfigurationItStopsNamingTheKey() throws Exception {
        Path config = dir.resolve("arena.properties");
        Files.writeString(config, "arena.db.username = sa\narena.db.password =\n");
        System.setProperty("arena.config", config.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyCommand.run(new String[0], new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("missing property arena.db.url: set it in application.properties");
    }

    @Test
    void aConfigurationFileThatIsNotThereIsNamed() {
        System.setProperty("arena.config", dir.resolve("nowhere.properties").toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyCommand.run(new String[0], new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("arena.config points at " + dir.resolve("nowhere.properties")
                + ", which is not a file");
    }
}
