package io.camelarena.api;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error mapping of the API routes ({@code routes/api-configuration.camel.yaml}, its {@code onException}): an
 * {@link ApiException} answers with its status and JSON error; any other failure answers 500 with a generic message,
 * its cause going to the log, not to the client.
 */
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    public void answer(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof ApiException refusal) {
            ApiSupport.error(exchange, refusal);
            return;
        }
        LOG.error("API request {} failed", exchange.getMessage().getHeader(Exchange.HTTP_URI), failure);
        ApiSupport.error(exchange, new ApiException(500, "internal_error", null, "the request failed; see the server log"));
    }
}
