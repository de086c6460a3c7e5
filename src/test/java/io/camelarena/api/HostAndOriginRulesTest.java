package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Host headers are answered, and which origins count as the server's own (no runtime needed). */
class HostAndOriginRulesTest {

    @Test
    void boundToLoopbackOnlyLocalNamesAndLoopbackAddressesAreAnswered() {
        AllowedHosts hosts = new AllowedHosts("127.0.0.1", List.of());
        assertThat(List.of("localhost", "localhost:8080", "LocalHost.", "127.0.0.1", "127.0.0.1:8080", "127.9.9.9:1",
                "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:8080")).allMatch(hosts::allows);
        assertThat(List.of("evil.example.com", "evil.example.com:8080", "127.0.0.1.nip.io", "localhost.evil.example",
                "192.168.1.5:8080", "0.0.0.0:8080", "[::]:8080", "[fe80::1]", "999.0.0.1", "", " ",
                "localhost:99999", "localhost:x", "local host", "::1", "[::1", "evil.example.com@127.0.0.1"))
                .noneMatch(hosts::allows);
        assertThat(hosts.allows(null)).isFalse();
    }

    @Test
    void theBindAddressAndConfiguredNamesAreAnswered() {
        AllowedHosts named = new AllowedHosts("arena-box.lan", List.of("arena.example.com", "Proxy.Internal:8443"));
        assertThat(List.of("arena-box.lan:8080", "ARENA.example.com", "arena.example.com:443", "proxy.internal",
                "localhost")).allMatch(named::allows);
        assertThat(List.of("other.example.com", "example.com", "sub.arena.example.com", "192.168.1.5"))
                .noneMatch(named::allows);

        AllowedHosts lan = new AllowedHosts("192.168.1.5", List.of());
        assertThat(lan.allows("192.168.1.5:8080")).isTrue();
        assertThat(lan.allows("192.168.1.6:8080")).isFalse();

        // Bound to every interface: any IP address (an address is not a name anybody can re-resolve), names only
        // when configured.
        for (String wildcard : List.of("0.0.0.0", "::")) {
            AllowedHosts everywhere = new AllowedHosts(wildcard, List.of());
            assertThat(List.of("10.1.2.3:8080", "[2001:db8::1]:8080", "127.0.0.1", "localhost"))
                    .allMatch(everywhere::allows);
            assertThat(everywhere.allows("my-machine.lan:8080")).isFalse();
        }
        assertThatThrownBy(() -> new AllowedHosts("127.0.0.1", List.of("https://arena.example.com/")))
                .hasMessageContaining("arena.api.allowed-hosts");
    }

    @Test
    void theServersOwnOriginIsItsHostAndPortOverHttpOrHttps() {
        assertThat(HttpGuard.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(HttpGuard.sameOrigin("HTTP://LOCALHOST:8080", "localhost:8080")).isTrue();
        assertThat(HttpGuard.sameOrigin("https://arena.example.com", "arena.example.com")).isTrue();
        assertThat(HttpGuard.sameOrigin("https://arena.example.com", "arena.example.com:443")).isTrue();
        assertThat(HttpGuard.sameOrigin("http://[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(HttpGuard.sameOrigin("http://127.0.0.1:9999", "127.0.0.1:8080")).isFalse();
        assertThat(HttpGuard.sameOrigin("http://localhost:8080", "127.0.0.1:8080")).isFalse();
        assertThat(HttpGuard.sameOrigin("https://evil.example.com", "127.0.0.1:8080")).isFalse();
        assertThat(HttpGuard.sameOrigin("null", "127.0.0.1:8080")).isFalse();
        assertThat(HttpGuard.sameOrigin("file://", "127.0.0.1:8080")).isFalse();

        assertThat(HttpGuard.origin("https://Arena.Example.com:443")).isEqualTo("https://arena.example.com");
        assertThat(HttpGuard.origin("http://arena.example.com:8080")).isEqualTo("http://arena.example.com:8080");
        assertThat(HttpGuard.origin("https://arena.example.com/page")).isNull();
        assertThat(HttpGuard.origin("ftp://arena.example.com")).isNull();
        assertThat(HttpGuard.origin("arena.example.com")).isNull();
        assertThatThrownBy(() -> new HttpGuard(new AllowedHosts("127.0.0.1", List.of()),
                List.of("arena.example.com"), 0)).hasMessageContaining("arena.api.allowed-origins");
    }

    @Test
    void aWriteWithoutOriginIsJudgedBySecFetchSite() {
        assertThat(HttpGuard.crossOriginWrite(null, null, "127.0.0.1:8080", false)).isNull();
        assertThat(HttpGuard.crossOriginWrite(null, "same-origin", "127.0.0.1:8080", false)).isNull();
        assertThat(HttpGuard.crossOriginWrite(null, "none", "127.0.0.1:8080", false)).isNull();
        assertThat(HttpGuard.crossOriginWrite(null, "cross-site", "127.0.0.1:8080", false)).contains("another site");
        assertThat(HttpGuard.crossOriginWrite(null, "same-site", "127.0.0.1:8080", false)).contains("another site");
        assertThat(HttpGuard.crossOriginWrite("https://evil.example.com", "cross-site", "127.0.0.1:8080", false))
                .contains("arena.api.allowed-origins");
        assertThat(HttpGuard.crossOriginWrite("https://arena.example.com", "cross-site", "127.0.0.1:8080", true))
                .isNull();
    }
}
