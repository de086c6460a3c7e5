package io.camelarena.api;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The headers an {@code /api} answer may carry: only those the API sets on purpose. Request headers and query
 * parameters arrive as message headers and none of them goes back to the client, also not on the 404 and 405 the
 * contract-first REST consumer answers itself for paths and methods the OpenAPI document does not have. Set on the
 * API's HTTP consumer by the API's configuration (rest endpoint property headerFilterStrategy); incoming headers are
 * filtered as Camel's HTTP default does.
 */
public class ApiResponseHeaders extends HttpHeaderFilterStrategy {

    /** Content-Type is written from the message's content type, not from this filter. */
    private static final Set<String> ANSWER_HEADERS = Set.of("content-disposition", "www-authenticate", "allow",
            "x-content-type-options");

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return super.applyFilterToCamelHeaders(name, value, exchange)
                || !ANSWER_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }
}
