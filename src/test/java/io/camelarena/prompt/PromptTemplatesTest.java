package io.camelarena.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.runtime.RouteProblem;
import io.camelarena.runtime.ValidateCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplatesTest {

    private static SortedMap<Path, String> files(String name, String text) {
        return new TreeMap<>(java.util.Map.of(Path.of("templates", name), text));
    }

    @Test
    void theShippedTemplateIsValid() throws Exception {
        assertThat(PromptTemplates.validate(PromptTemplates.readTemplateFiles(Path.of("templates")))).isEmpty();
        // the copy in the jar is the file of the templates directory
        assertThat(PromptTemplates.builtIn().template(null).toString())
                .isEqualTo(PromptTemplates.load(Path.of("templates"), "prompt.ftl").template(null).toString());
    }

    @Test
    void aSyntaxErrorIsReportedWithItsLine() {
        List<RouteProblem> problems = PromptTemplates.validate(files("prompt.ftl",
                "Cash ${portfolio.cash}\n<#if venue.enabled>\nVenue\n"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(Path.of("templates", "prompt.ftl").toString());
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("#if");
        });
    }

    @Test
    void anUnknownVariableFailsWithTheSampleDataAtItsLine() {
        List<RouteProblem> problems = PromptTemplates.validate(files("prompt.ftl",
                "Cash ${portfolio.cash}\nTotal ${portfolio.totl}\n"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("fails with the sample data: ").contains("portfolio.totl");
            assertThat(p.toString()).startsWith(Path.of("templates", "prompt.ftl") + ":2: fails with the sample data");
        });
    }

    @Test
    void aTemplateCannotReachJavaObjects() {
        List<RouteProblem> problems = PromptTemplates.validate(files("prompt.ftl",
                "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}"));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("Execute"));
    }

    @Test
    void loadFailsOnAProblemAndOnAMissingDefault(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("other.ftl"), "${account.name}\n");
        assertThatThrownBy(() -> PromptTemplates.load(dir, "prompt.ftl"))
                .hasMessageContaining("no prompt template prompt.ftl among [other.ftl]");
        Files.writeString(dir.resolve("prompt.ftl"), "${account.nam}\n");
        assertThatThrownBy(() -> PromptTemplates.load(dir, "prompt.ftl"))
                .hasMessageStartingWith("prompt template problem: " + dir.resolve("prompt.ftl") + ":1: fails with");
    }

    @Test
    void theValidateCommandChecksTemplatesToo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("prompt.ftl"), "ok ${account.name}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(ValidateCommand.run(new String[] {"validate", dir.toString()}, print(out), print(err)))
                .isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: 1 prompt template(s) valid");

        Files.writeString(dir.resolve("terse.ftl"), "a\n${news.bdy}\n");
        assertThat(ValidateCommand.run(new String[] {"validate", "routes", dir.toString()}, print(out), print(err)))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(dir.resolve("terse.ftl") + ":2: fails with the sample data")
                .contains("INVALID: 1 problem(s)");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
