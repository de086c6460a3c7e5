package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Bound beyond loopback, the API needs the bearer token; start-up refuses to run without one. */
class ApiAccessTest extends ApiRuntimeTestSupport {

    static final String TOKEN = "test-token-0123456789abcdef";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("camel.server.host", "0.0.0.0");
        p.put("arena.api.token", TOKEN);
        return p;
    }

    @Test
    void everyApiCallNeedsTheBearerToken() throws Exception {
        for (String path : new String[] {"/api/decisions", "/api/decisions/1", "/api/decisions/export",
                "/api/accounts", "/api/accounts/1/orders", "/api/leaderboard", "/api/openapi.json"}) {
            HttpResponse<String> anonymous = get(path);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(JSON.readTree(anonymous.body()).get("error").asText()).isEqualTo("unauthorized");
            assertThat(get(path, "Authorization", "Bearer wrong-token-0123456789").statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> tick = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/ticks"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tick.statusCode()).isEqualTo(401);

        assertThat(get("/api/decisions", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/leaderboard", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        // The page's static files hold no data; the page asks for the token and sends it with each API call.
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void startUpFailsWhenBoundElsewhereWithoutAToken() {
        assertThatThrownBy(() -> ApiAccess.forHost("0.0.0.0", Optional.empty()))
                .hasMessageContaining("camel.server.host is 0.0.0.0").hasMessageContaining("arena.api.token");
        assertThatThrownBy(() -> ApiAccess.forHost("10.1.2.3", Optional.of("short")))
                .hasMessageContaining("at least 16");
        assertThat(ApiAccess.forHost("127.0.0.1", Optional.empty()).tokenRequired()).isFalse();
        assertThat(ApiAccess.forHost("localhost", Optional.empty()).tokenRequired()).isFalse();
        assertThat(ApiAccess.forHost("0.0.0.0", Optional.of(TOKEN)).tokenRequired()).isTrue();
    }
}
