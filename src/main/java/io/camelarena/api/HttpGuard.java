package io.camelarena.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.MultiMap;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of the embedded HTTP server: the first handler of every request on it, whatever the path (the page,
 * {@code /web/*}, {@code /api/*}, {@code /observe/*}, paths nothing serves), before the routes, their body handling
 * and the API's token check. It refuses, each with a JSON error:
 * <ul>
 * <li>a {@code Host} that is not a name the server is meant to be reached by (403 {@code forbidden_host}: DNS
 * rebinding; {@link AllowedHosts});</li>
 * <li>a write (POST, PUT, PATCH, DELETE: any method but GET, HEAD and OPTIONS) from a page of another origin: an
 * {@code Origin} that is neither the server's own nor one of {@code arena.api.allowed-origins}, or, without an Origin,
 * a {@code Sec-Fetch-Site} other than same-origin or none (403 {@code cross_origin_write}: CSRF);</li>
 * <li>a write whose body is not {@code application/json} (415 {@code unsupported_media_type}): any page can send a
 * form or text to any server without asking the server first, JSON only after a CORS preflight;</li>
 * <li>a body announced larger than {@code camel.server.max-body-size} (413 {@code payload_too_large}).</li>
 * </ul>
 * Every answer gets the security headers (Content-Security-Policy, nosniff, no referrer, no framing) and
 * {@code Cache-Control: no-store} unless its route chose its own caching; CORS headers only for the configured
 * origins. {@code HEAD} is answered as {@code GET} without the body. As the failure handler of the routes and the error
 * handler of the server's front router it answers what fails before a route answers (a body that turns out too large,
 * a path that is not valid percent-encoding, a path nothing serves) as JSON too, where Vert.x would log "Unhandled
 * exception in router".
 */
public final class HttpGuard {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGuard.class);

    /** The page's scripts and styles are its own files: no inline code, nothing from elsewhere, never in a frame. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final String TOO_LARGE = "the request body is larger than this server takes "
            + "(camel.server.max-body-size)";
    /** Every other method may change something (POST, PUT, PATCH, DELETE, and any the server does not know). */
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** Ahead of every route, also of those added later (a route's consumer adds its own when it starts). */
    private static final int FIRST = -1_000_000;

    private final AllowedHosts hosts;
    private final Set<String> allowedOrigins;
    private final long maxBodySize;

    /**
     * @param maxBodySize camel.server.max-body-size: a request announcing a longer body is refused before it is
     *                    read (the routes' body handler stops one that turns out longer); 0 = not checked here
     */
    /**
     * @param bindHost       camel.server.host
     * @param allowedHosts   arena.api.allowed-hosts: further names the server is reached by (a reverse proxy's)
     * @param allowedOrigins arena.api.allowed-origins
     * @param maxBodySize    camel.server.max-body-size
     */
    public static HttpGuard of(String bindHost, List<String> allowedHosts, List<String> allowedOrigins,
            long maxBodySize) {
        return new HttpGuard(new AllowedHosts(bindHost, allowedHosts), allowedOrigins, maxBodySize);
    }

    HttpGuard(AllowedHosts hosts, List<String> allowedOrigins, long maxBodySize) {
        this.hosts = hosts;
        this.maxBodySize = maxBodySize;
        Set<String> origins = new HashSet<>();
        for (String origin : allowedOrigins) {
            String normalized = origin(origin);
            if (normalized == null) {
                throw new IllegalStateException("arena.api.allowed-origins: '" + origin + "' is not an origin "
                        + "(scheme://host or scheme://host:port, http or https, no path)");
            }
            origins.add(normalized);
        }
        this.allowedOrigins = Set.copyOf(origins);
    }

    /**
     * A service that puts the guard in front of the embedded server(s) on {@code ports} when it starts: added to the
     * context after Camel Main's HTTP server, it starts after it (the server's routers exist) and before the routes,
     * whose consumers add their own Vert.x routes behind it.
     */
    public Service installer(CamelContext context, Collection<Integer> ports) {
        return new ServiceSupport() {
            @Override
            protected void doStart() {
                ports.forEach(port -> install(context, port));
            }
        };
    }

    /**
     * Puts the guard first on the routes of the embedded server on {@code port}, as handler and failure handler, and
     * makes it the error handler of the server's front router (the one the routes' router is mounted on): what fails
     * there (a path that is not valid percent-encoding) or finds no route gets a JSON answer from it, where Vert.x
     * would log "Unhandled exception in router" and answer plain text or HTML.
     */
    private void install(CamelContext context, int port) {
        VertxPlatformHttpRouter routes = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (routes == null || routes.getServer() == null || routes.getServer().getServer() == null) {
            throw new IllegalStateException("no embedded HTTP server on port " + port + " to guard");
        }
        if (!(routes.getServer().getServer().requestHandler() instanceof Router front)) {
            throw new IllegalStateException("the embedded HTTP server on port " + port + " is not a Vert.x router");
        }
        routes.route().order(FIRST).handler(this::handle).failureHandler(ctx -> failed(ctx, ctx.statusCode()));
        // The front router calls the error handler of the status it ends with, which its context does not hold.
        for (int status : List.of(400, 404, 405, 413, 414, 415, 500, 501, 503)) {
            front.errorHandler(status, ctx -> failed(ctx, status));
        }
    }

    /** The checks, then the next handler (the route), or the refusal. */
    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        MultiMap headers = request.headers();
        String origin = headers.get(HttpHeaders.ORIGIN);
        boolean allowedOrigin = corsOrigin(request) != null;
        ctx.addHeadersEndHandler(v -> answerHeaders(ctx.response(), corsOrigin(request)));

        String host = authority(request);
        if (!hosts.allows(host)) {
            refuse(ctx, 403, "forbidden_host", host == null ? "the request has no Host header"
                    : "this server does not answer to the host name '" + QueryParams.abbreviate(host) + "'; add it "
                    + "to arena.api.allowed-hosts if it is how this server is reached (a reverse proxy's name)");
            return;
        }
        if (maxBodySize > 0 && announcedLength(headers) > maxBodySize) {
            refuse(ctx, 413, "payload_too_large", TOO_LARGE);
            return;
        }
        HttpMethod method = request.method();
        if (method == HttpMethod.OPTIONS && origin != null && headers.contains("Access-Control-Request-Method")) {
            preflight(ctx, allowedOrigin);
            return;
        }
        if (!READS.contains(method)) {
            String refusal = crossOriginWrite(origin, headers.get("Sec-Fetch-Site"), host, allowedOrigin);
            if (refusal != null) {
                refuse(ctx, 403, "cross_origin_write", refusal);
                return;
            }
            if (!jsonOrNoBody(headers)) {
                refuse(ctx, 415, "unsupported_media_type", "the body of a " + method + " must be application/json");
                return;
            }
        }
        if (method == HttpMethod.HEAD) {
            // Routed as GET; Vert.x sends the GET answer's headers without its body for a HEAD request (HTTP/1.x; over
            // cleartext HTTP/2, which browsers never use, Vert.x 4 sends the body along).
            ctx.reroute(HttpMethod.GET, request.uri());
            return;
        }
        ctx.next();
    }

    /** The Host header, or HTTP/2's :authority; null when the request has neither. */
    private static String authority(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) {
            // Also a Host header Vert.x could not parse: refused, named in the answer.
            return request.getHeader(HttpHeaders.HOST);
        }
        return authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
    }

    /** Why a write from this origin is refused, or null when it comes from the server's own page or an allowed one. */
    static String crossOriginWrite(String origin, String fetchSite, String host, boolean allowed) {
        if (origin != null) {
            if (allowed || sameOrigin(origin, host)) {
                return null;
            }
            return "a page of another origin (" + QueryParams.abbreviate(origin) + ") may not write to this server; "
                    + "add the origin to arena.api.allowed-origins if it is yours";
        }
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return "a page of another site (Sec-Fetch-Site: " + QueryParams.abbreviate(fetchSite) + ") may not write "
                    + "to this server";
        }
        return null;
    }

    /** An origin of http or https with the host and port of the Host header (a port left out is the scheme's). */
    static boolean sameOrigin(String origin, String host) {
        String normalized = origin(origin);
        AllowedHosts.HostPort hp = AllowedHosts.HostPort.parse(host);
        if (normalized == null || hp == null) {
            return false;
        }
        String scheme = normalized.substring(0, normalized.indexOf(':'));
        int port = hp.port() == -1 ? defaultPort(scheme) : hp.port();
        return normalized.equals(origin(scheme + "://" + hp.host() + ":" + port));
    }

    /** {@code scheme://host[:port]} in lower case without the scheme's default port; null when not such an origin. */
    static String origin(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            return scheme + "://" + host + (port == -1 || port == defaultPort(scheme) ? "" : ":" + port);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** The Content-Length, -1 when there is none or it is not a number (Vert.x refuses those before us). */
    private static long announcedLength(MultiMap headers) {
        String length = headers.get(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** No body, or a JSON one. */
    static boolean jsonOrNoBody(MultiMap headers) {
        String type = headers.get(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            String length = headers.get(HttpHeaders.CONTENT_LENGTH);
            return !headers.contains(HttpHeaders.TRANSFER_ENCODING) && (length == null || length.trim().equals("0"));
        }
        int semicolon = type.indexOf(';');
        String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json");
    }

    private void preflight(RoutingContext ctx, boolean allowed) {
        if (!allowed) {
            refuse(ctx, 403, "cross_origin_write", "this origin is not one of arena.api.allowed-origins");
            return;
        }
        ctx.response().setStatusCode(204)
                .putHeader("Access-Control-Allow-Methods", "GET, HEAD, POST")
                .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
                .putHeader("Access-Control-Max-Age", "600")
                .end();
    }

    /** The request's Origin when it is one of arena.api.allowed-origins (its answers carry CORS headers), else null. */
    private String corsOrigin(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        String normalized = origin == null ? null : origin(origin);
        return normalized != null && allowedOrigins.contains(normalized) ? origin : null;
    }

    private void answerHeaders(HttpServerResponse response, String corsOrigin) {
        MultiMap h = response.headers();
        h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        if (!h.contains(HttpHeaders.CACHE_CONTROL)) {
            h.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        if (corsOrigin != null) {
            h.set("Access-Control-Allow-Origin", corsOrigin);
        }
        if (!allowedOrigins.isEmpty()) {
            // With origins configured an answer depends on the request's Origin (CORS headers or not).
            h.set(HttpHeaders.VARY, "Origin");
        }
    }

    /**
     * The failure handler: what failed on the way to a route's answer (the body handler's 413, a route that threw)
     * answered as JSON. A 4xx is the client's doing and logged at debug; a 5xx is logged with its cause.
     */
    void failed(RoutingContext ctx, int statusCode) {
        try {
            answerFailure(ctx, statusCode);
        } catch (RuntimeException e) {
            // Never a failure of the failure handler (Vert.x would log it as unhandled and answer plain text).
            LOG.error("answering the failed HTTP request {} {}", ctx.request().method(), ctx.request().path(), e);
            if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().reset();
            }
        }
    }

    private void answerFailure(RoutingContext ctx, int statusCode) {
        Throwable failure = ctx.failure();
        int status = failure instanceof HttpException e ? e.getStatusCode() : statusCode;
        if (status < 400 || status > 599) {
            status = 500;
        }
        HttpServerRequest request = ctx.request();
        if (status >= 500) {
            LOG.error("HTTP {} {} failed", request.method(), request.path(), failure);
        } else {
            LOG.debug("HTTP {} {} refused with {}", request.method(), request.path(), status, failure);
        }
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // Part of the answer is on its way: it cannot become an error any more; the client sees it cut short.
            response.reset();
            return;
        }
        switch (status) {
            case 400 -> refuse(ctx, 400, "bad_request", "the request is malformed");
            case 404 -> refuse(ctx, 404, "not_found", "nothing is served at this path");
            case 405 -> refuse(ctx, 405, "method_not_allowed", request.method() + " is not allowed here");
            case 413 -> refuse(ctx, 413, "payload_too_large", TOO_LARGE);
            case 415 -> refuse(ctx, 415, "unsupported_media_type", "the request body's type is not accepted");
            default -> refuse(ctx, status, status >= 500 ? "internal_error" : "bad_request", status >= 500
                    ? "the request failed; see the server log" : "the request was refused");
        }
    }

    private void refuse(RoutingContext ctx, int status, String error, String message) {
        HttpServerResponse response = ctx.response();
        // What a failed route had set (its content type) does not describe this answer; Allow (405) does.
        String allow = response.headers().get(HttpHeaders.ALLOW);
        response.headers().clear();
        if (allow != null) {
            response.putHeader(HttpHeaders.ALLOW, allow);
        }
        HttpServerRequest request = ctx.request();
        answerHeaders(response, corsOrigin(request));
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (http1) {
            // A refused request's body is not read: the connection does not carry another request.
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(ApiSupport.errorBody(new ApiException(status, error, null, message))).onComplete(sent -> {
            if (!request.isEnded()) {
                // The client may still be sending the body (up to 50 MB): stop it instead of reading it.
                if (http1) {
                    request.connection().close();
                } else {
                    response.reset(0);
                }
            }
        });
    }
}
