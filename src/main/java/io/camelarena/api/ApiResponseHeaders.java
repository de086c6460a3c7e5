package io.camelarena.api;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The headers an answer of the API or the page may carry: only those they set on purpose. Request headers and query
 * parameters arrive as message headers and none of them goes back to the client, also not on the 404 and 405 the
 * contract-first REST consumer answers itself for paths and methods the OpenAPI document does not have. Set on the
 * API's HTTP consumer by the API's configuration (rest endpoint property headerFilterStrategy) and on the page's routes
 * (routes/api-web*.camel.yaml); incoming headers are filtered as Camel's HTTP default does.
 * <p>
 * The answer headers are decided here alone, not on top of Camel's HTTP filter: that one drops Cache-Control (with
 * Connection, Date, Pragma, ...: {@code HttpUtil.addCommonFilters}, the general headers of RFC 2616 section 4.5, which
 * it treats as the transport's), so the {@code no-store} of the API's answers and the page's {@code no-cache} never
 * reached the client. The security headers every answer carries are added by {@link HttpGuard}.
 */
public class ApiResponseHeaders extends HttpHeaderFilterStrategy {

    /** Content-Type is written from the message's content type, not from this filter. */
    private static final Set<String> ANSWER_HEADERS = Set.of("cache-control", "content-disposition",
            "www-authenticate", "allow");

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !ANSWER_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }
}
