package io.camelarena.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.api.ApiDescription;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The start-up summary lists the API's operations as its OpenAPI document describes them, no list of its own. */
class StartupSummaryTest {

    @Test
    void listsEveryOperationOfTheOpenApiDocument() throws Exception {
        List<String> operations = ApiDescription.operations().stream().map(Object::toString).toList();
        StartupSummary summary = new StartupSummary(new StartupSummary.Facts("0 0/5 * * * ?", List.of("BTC"),
                List.of(), "jdbc:h2:mem:summary", "http://127.0.0.1:8080 (web page /, the api below)", operations,
                "platform MBean server", "routes/*.yaml"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            String text = summary.render(context);
            // "  api:      GET /api/decisions, GET ..." wrapped under its first operation
            String block = String.join(" ", text.lines().dropWhile(l -> !l.startsWith("  api:      "))
                    .takeWhile(l -> l.startsWith("  api:      ") || l.startsWith("            ")).toList());
            assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(118));
            List<String> listed = java.util.Arrays.stream(block.substring("  api:".length()).split(","))
                    .map(String::trim).toList();
            // 15 since issue 15's GET /api/leaderboard/export
            assertThat(listed).hasSize(15).containsExactlyElementsOf(operations)
                    .contains("GET /api/audit/verify", "POST /api/replays", "GET /api/decisions/{id}",
                            "GET /api/openapi.json", "GET /api/leaderboard/export");
        }
    }

    @Test
    void longListsAreWrappedUnderTheirFirstItemWithEveryItemSeparated() {
        List<String> lines = StartupSummary.wrapped("  routes:   ", "3 running: ", List.of("a".repeat(60),
                "b".repeat(40), "c".repeat(50)));
        assertThat(lines).containsExactly("  routes:   3 running: " + "a".repeat(60) + ",",
                "            " + "b".repeat(40) + ", " + "c".repeat(50));
    }

    @Test
    void noApiLinesWhenTheHttpServerIsOff() throws Exception {
        StartupSummary summary = new StartupSummary(new StartupSummary.Facts("?", List.of("BTC"), List.of(),
                "jdbc:h2:mem:summary", "off", List.of(), "platform MBean server",
                "routes/*.yaml with overlay routes/demo/ (replaces news-feed.camel.yaml)"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThat(summary.render(context)).contains("  http:     off").doesNotContain("  api:")
                    .contains("  routes:   0 running: ")
                    .contains("  files:    routes/*.yaml with overlay routes/demo/ (replaces news-feed.camel.yaml)");
        }
    }
}
