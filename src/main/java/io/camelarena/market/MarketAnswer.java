package io.camelarena.market;

import java.time.Instant;

/** The answer to one {@link MarketRequest}: the body received, or why there is none. */
public record MarketAnswer(MarketRequest request, String body, String error, Instant receivedAt) {

    public boolean failed() {
        return error != null;
    }
}
