package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.camelarena.testing.RequiredUnderCi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web page in a real browser: Playwright for Java driving Debian's chromium ({@code /usr/bin/chromium}, never a
 * downloaded browser) against the runtime on an H2 test database. Skipped only outside CI when chromium is missing;
 * with {@code CI=true} it must run ({@link RequiredUnderCi}; {@code .ci/run} installs chromium).
 */
class DecisionPageBrowserTest extends ApiRuntimeTestSupport {

    static final Path CHROMIUM = Paths.get(System.getProperty("arena.test.chromium", "/usr/bin/chromium"));
    /** For every wait of the page and its assertions, instead of Playwright's 5 s: chromium on a loaded machine. */
    static final double WAIT_MS = 60_000;

    @Test
    void filterByStatusOpenAParseErrorAndSeeItsRawReply() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw RequiredUnderCi.unavailable("no " + CHROMIUM + " (apt-get install -y chromium; .ci/run installs it)",
                    null);
        }
        triggerTick();
        triggerTick();

        Playwright.CreateOptions create = new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
        try (Playwright playwright = Playwright.create(create);
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM).setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                "--disable-component-update", "--disable-sync", "--no-first-run")))) {
            PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
            Page page = newPage(browser);
            page.navigate("http://127.0.0.1:" + httpPort + "/");
            // three accounts and (issue 15) two baselines, italic rows and dashed lines
            PlaywrightAssertions.assertThat(page.locator("#board-table tbody tr")).hasCount(5);
            PlaywrightAssertions.assertThat(page.locator("#board-table tbody tr.baseline")).hasCount(2);
            PlaywrightAssertions.assertThat(page.locator("#equity-chart polyline.equity-line")).hasCount(5);
            PlaywrightAssertions.assertThat(page.locator("#equity-chart polyline.baseline")).hasCount(2);
            PlaywrightAssertions.assertThat(page.locator("#board-table th[title*='stationary block bootstrap']"))
                    .hasCount(1);
            PlaywrightAssertions.assertThat(page.locator("#board-table th[title^='llm_cost_usd:']")).hasText("LLM cost");
            PlaywrightAssertions.assertThat(page.locator("#board-table th[title^='p50_latency_ms']")).hasCount(1);
            PlaywrightAssertions.assertThat(page.locator("#board-export")).hasAttribute("href",
                    "/api/leaderboard/export?format=csv");
            PlaywrightAssertions.assertThat(page.locator("#decisions-table tbody tr")).hasCount(6);

            page.selectOption("#f-status", "PARSE_ERROR");
            page.click("#apply");
            Locator rows = page.locator("#decisions-table tbody tr");
            PlaywrightAssertions.assertThat(rows).hasCount(2);
            assertThat(page.url()).contains("status=PARSE_ERROR");
            for (String status : rows.locator(".status").allTextContents()) {
                assertThat(status).isEqualTo("PARSE_ERROR");
            }

            rows.first().click();
            Locator pane = page.locator("#panes .pane").first();
            PlaywrightAssertions.assertThat(pane.locator("pre.raw-reply")).hasText(PROSE_REPLY);
            PlaywrightAssertions.assertThat(pane.locator(".failure")).containsText("UNPARSEABLE_REPLY");
            PlaywrightAssertions.assertThat(pane.locator("pre.prompt")).containsText("Portfolio Data");
            assertThat(page.url()).contains("open=");

            // Same tick, another model: opened side by side.
            pane.locator(".same-tick button").first().click();
            PlaywrightAssertions.assertThat(page.locator("#panes .pane")).hasCount(2);

            // The URL is the view: a fresh page at that URL shows the same filter and panes.
            Page shared = newPage(browser);
            shared.navigate(page.url());
            PlaywrightAssertions.assertThat(shared.locator("#f-status")).hasValue("PARSE_ERROR");
            PlaywrightAssertions.assertThat(shared.locator("#panes .pane")).hasCount(2);

            Path screenshot = Paths.get("target", "decision-page.png");
            Files.createDirectories(screenshot.getParent());
            page.screenshot(new Page.ScreenshotOptions().setPath(screenshot).setFullPage(true));
            assertThat(screenshot).isNotEmptyFile();

            // Replays: the stub model's two decisions sent to both simulated accounts' models, compared on the page.
            Map<?, ?> run = template.requestBodyAndHeader("direct:replay-start", "{\"accounts\": [\"gpt-stub\"], "
                    + "\"targets\": [\"sim-momentum\", \"sim-contrarian\"]}", "arenaReplayTrigger", "test", Map.class);
            int runId = ((Number) run.get("id")).intValue();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                    getJson("/api/replays/" + runId).get("status").asText().equals("COMPLETED"));
            Page replays = newPage(browser);
            replays.navigate("http://127.0.0.1:" + httpPort + "/");
            PlaywrightAssertions.assertThat(replays.locator("#decisions-table tbody tr")).hasCount(6);
            Locator runRow = replays.locator("#runs-table tbody tr[data-run='" + runId + "']");
            PlaywrightAssertions.assertThat(runRow).containsText("COMPLETED");
            PlaywrightAssertions.assertThat(runRow).containsText("4 / 4");
            runRow.click();
            PlaywrightAssertions.assertThat(replays.locator("#agreement-table tbody tr")).hasCount(3);
            PlaywrightAssertions.assertThat(replays.locator("#agreement-table tbody tr").first())
                    .containsText("sim-momentum");
            Locator lines = replays.locator("#compare-table tbody tr");
            PlaywrightAssertions.assertThat(lines).hasCount(2);
            PlaywrightAssertions.assertThat(lines.first().locator(".status")).hasCount(3);
            PlaywrightAssertions.assertThat(lines.first().locator(".status").first()).hasText("PARSE_ERROR");
            // the sides ranked by mean hypothetical return: two ticks are fewer than the horizon, nothing is scored
            PlaywrightAssertions.assertThat(replays.locator("#ranking-table tbody tr")).hasCount(3);
            PlaywrightAssertions.assertThat(replays.locator("#ranking-table tbody tr").first()).containsText("0 / 2");
            PlaywrightAssertions.assertThat(lines.first()).containsText("pending");
            assertThat(replays.url()).contains("replay=" + runId);
            Path replayShot = Paths.get("target", "replay-compare.png");
            replays.screenshot(new Page.ScreenshotOptions().setPath(replayShot).setFullPage(true));
            assertThat(replayShot).isNotEmptyFile();
        }
    }

    private static Page newPage(Browser browser) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1500, 1100));
        page.setDefaultTimeout(WAIT_MS);
        page.setDefaultNavigationTimeout(WAIT_MS);
        return page;
    }
}
