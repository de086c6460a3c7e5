package io.camelarena.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Who may call the API. Bound to a loopback address ({@code camel.server.host} 127.0.0.1, ::1 or localhost: the
 * default) the API answers local callers without a token. Bound anywhere else it requires
 * {@code Authorization: Bearer <arena.api.token>} on every {@code /api} request (401 JSON without it), and the runtime
 * refuses to start when no token is configured. The page's static files hold no data and are served without a
 * token; the page sends the token with each API call. Token or not, every request has passed the {@link HttpGuard}
 * (Host, origin of writes, JSON bodies) before this check.
 */
public final class ApiAccess {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "[::1]", "localhost");

    /** The SHA-256 digest of the configured token; null when none is needed. */
    private final byte[] token;

    private ApiAccess(byte[] token) {
        this.token = token;
    }

    /**
     * The access rule for a server bound to {@code host}; fails with a message saying what to set when the server is
     * reachable from other machines and no token is configured.
     */
    public static ApiAccess forHost(String host, Optional<String> configuredToken) {
        if (isLoopback(host)) {
            return new ApiAccess(null);
        }
        String t = configuredToken.map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() ->
                new IllegalStateException("camel.server.host is " + host + ", not a loopback address, so the decision "
                        + "API and page need a bearer token: set arena.api.token (environment ARENA_API_TOKEN, at "
                        + "least 16 characters) or bind to 127.0.0.1"));
        if (t.length() < 16) {
            throw new IllegalStateException("arena.api.token must be at least 16 characters");
        }
        return new ApiAccess(sha256(t));
    }

    /**
     * Tokens are compared as their SHA-256 digests: MessageDigest.isEqual takes the same time for any two values of
     * the same length but returns at once on a length mismatch, and digests all have one length, so the time of a
     * check tells nothing about the token, not even its length.
     */
    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static boolean isLoopback(String host) {
        return host != null && LOOPBACK.contains(host.trim().toLowerCase(Locale.ROOT));
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /**
     * The first step of every API route (the api route configuration's {@code interceptFrom}): lets the request
     * through, or refuses it with 401 (answered by the routes' error mapping).
     */
    public void check(Exchange exchange) {
        if (token == null) {
            return;
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(token, sha256(header.substring(7).trim()))) {
            exchange.getMessage().removeHeader("Authorization");
            return;
        }
        throw ApiException.unauthorized(header == null
                ? "this API needs Authorization: Bearer <arena.api.token>" : "the bearer token is not valid");
    }
}
