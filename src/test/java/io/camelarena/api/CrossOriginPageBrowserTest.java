package io.camelarena.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Other web pages against the arena in a real browser (Debian's chromium through Playwright, as in
 * {@link DecisionPageBrowserTest}): a page served from a second origin (WireMock, another port) tries to read the API
 * and to start a tick and a replay, by fetch and by a form post, and gets nothing done; a name re-resolved to
 * 127.0.0.1 (DNS rebinding, simulated with chromium's host resolver rules) gets 403; the arena's own page still loads
 * its data and starts a replay, under its Content-Security-Policy without a violation.
 */
class CrossOriginPageBrowserTest extends ApiRuntimeTestSupport {

    @Test
    void anotherOriginsPageGetsNothingDoneWhileTheArenasOwnPageWorks() throws Exception {
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        if (!ci) {
            Assumptions.assumeTrue(Files.isExecutable(DecisionPageBrowserTest.CHROMIUM), "no chromium");
        }
        assertThat(Files.isExecutable(DecisionPageBrowserTest.CHROMIUM)).as("chromium (CI installs it)").isTrue();
        triggerTick();
        triggerTick();
        String api = "http://127.0.0.1:" + httpPort;
        int decision = getJson("/api/decisions?account=gpt-stub&limit=1").at("/items/0/id").asInt();
        wiremock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/elsewhere.html"))
                .willReturn(aResponse().withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody(attackerPage(api, decision))));
        int ticks = count("market_ticks");

        Playwright.CreateOptions create = new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
        try (Playwright playwright = Playwright.create(create);
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(DecisionPageBrowserTest.CHROMIUM).setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                "--disable-component-update", "--disable-sync", "--no-first-run",
                                "--host-resolver-rules=MAP rebound.example 127.0.0.1")))) {
            // A page of another origin: reading is blocked by the browser (no CORS headers), writing by the server.
            Page elsewhere = browser.newPage();
            List<String> apiAnswers = new CopyOnWriteArrayList<>();
            elsewhere.onResponse(r -> {
                if (r.url().startsWith(api)) {
                    apiAnswers.add(r.request().method() + " " + r.url().substring(api.length()) + " " + r.status());
                }
            });
            elsewhere.navigate(wiremock.baseUrl() + "/elsewhere.html");
            PlaywrightAssertions.assertThat(elsewhere.locator("#done")).hasText("done");
            assertThat(elsewhere.locator("#read").textContent()).isEqualTo("blocked");
            assertThat(elsewhere.locator("#json").textContent()).isEqualTo("blocked");
            assertThat(elsewhere.locator("#tick").textContent()).isEqualTo("sent");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> apiAnswers.contains("POST /api/ticks 403"));
            Response form = elsewhere.waitForResponse(r -> r.url().equals(api + "/api/replays"),
                    () -> elsewhere.locator("#replay-form").evaluate("form => form.submit()"));
            assertThat(form.status()).isEqualTo(403);
            assertThat(form.text()).contains("cross_origin_write");
            assertThat(count("replay_runs")).isZero();
            assertThat(count("market_ticks")).isEqualTo(ticks);

            // DNS rebinding: a name of the attacker's, now resolving to 127.0.0.1, is same-origin with itself only.
            Page rebound = browser.newPage();
            Response page = rebound.navigate("http://rebound.example:" + httpPort + "/");
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.text()).contains("forbidden_host");
            Response data = rebound.navigate("http://rebound.example:" + httpPort + "/api/decisions?fields=full");
            assertThat(data.status()).isEqualTo(403);
            assertThat(data.text()).doesNotContain("user_prompt");

            // The arena's own page: loads its data and starts a replay (a same-origin JSON POST), no CSP violation.
            Page own = browser.newPage(new Browser.NewPageOptions().setViewportSize(1500, 1100));
            List<String> console = new CopyOnWriteArrayList<>();
            own.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
            own.onPageError(e -> console.add("page error: " + e));
            own.navigate(api + "/");
            // three accounts and (issue 15) two baselines
            PlaywrightAssertions.assertThat(own.locator("#board-table tbody tr")).hasCount(5);
            PlaywrightAssertions.assertThat(own.locator("#decisions-table tbody tr")).hasCount(6);
            own.locator("#decisions-table tbody tr[data-id='" + decision + "'] input[type=checkbox]").check();
            own.fill("#replay-targets", "sim-momentum, sim-contrarian");
            own.click("#replay");
            PlaywrightAssertions.assertThat(own.locator("#message")).containsText("Replay run #");
            PlaywrightAssertions.assertThat(own.locator("#runs-table tbody tr")).hasCount(1);
            JsonNode runs = getJson("/api/replays");
            assertThat(runs.get("items")).hasSize(1);
            assertThat(runs.at("/items/0/trigger_source").asText()).isEqualTo("api");
            assertThat(runs.at("/items/0/total").asInt()).isEqualTo(2);
            int runId = runs.at("/items/0/id").asInt();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    getJson("/api/replays/" + runId).get("status").asText().equals("COMPLETED"));
            assertThat(console).noneMatch(line -> line.contains("Content Security Policy")
                    || line.contains("Refused to") || line.startsWith("page error"));
        }
    }

    /**
     * A page of another origin, as any site the user visits could serve it: a fetch that reads the decisions, a
     * no-cors POST that starts a tick (the browser sends it without asking), a JSON POST that starts a replay (the
     * browser asks first: CORS preflight) and a form that posts a replay as text/plain.
     */
    private static String attackerPage(String api, int decision) {
        String replay = "{\"decisions\": [" + decision + "], \"targets\": [\"sim-momentum\"]}";
        return """
                <!doctype html><html><body>
                <form id="replay-form" method="post" action="API/api/replays" enctype="text/plain">
                  <input type="hidden" name='{"decisions": [DECISION], "targets": ["sim-momentum"], "x": "' value='"}'>
                </form>
                <p id="read"></p><p id="tick"></p><p id="json"></p><p id="done"></p>
                <script>
                  const api = 'API';
                  async function attempt(id, action) {
                    try { document.getElementById(id).textContent = await action(); }
                    catch (e) { document.getElementById(id).textContent = 'blocked'; }
                  }
                  (async () => {
                    await attempt('read', async () => { const r = await fetch(api + '/api/decisions?fields=full');
                      return 'read ' + r.status + ': ' + (await r.text()).length; });
                    await attempt('tick', async () => {
                      await fetch(api + '/api/ticks', { method: 'POST', mode: 'no-cors' }); return 'sent'; });
                    await attempt('json', async () => { const r = await fetch(api + '/api/replays', {
                      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'REPLAY' });
                      return 'status ' + r.status; });
                    document.getElementById('done').textContent = 'done';
                  })();
                </script></body></html>
                """.replace("API", api).replace("DECISION", String.valueOf(decision)).replace("REPLAY",
                replay.replace("\"", "\\\""));
    }

    private int count(String table) throws Exception {
        return ((Number) query("SELECT COUNT(*) AS n FROM " + table).get(0).get("n")).intValue();
    }
}
