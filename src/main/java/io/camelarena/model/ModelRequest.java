package io.camelarena.model;

import io.camelarena.account.AccountSettings;
import io.camelarena.account.Portfolio;
import io.camelarena.market.MarketSnapshot;
import java.time.Instant;

/**
 * What a model is asked: the call-model route's input.
 *
 * @param tickId       the tick the call belongs to (for logs and the simulated model's request id)
 * @param account      whose model answers, with its provider, model, limits and credentials' references
 * @param prompt       the exact prompt
 * @param portfolio    the account's portfolio, read only by the simulated model
 * @param snapshot     the market the prompt was built from, read only by the simulated model
 * @param decisionTime when the decision began: the tick deadline counts from it
 */
public record ModelRequest(String tickId, AccountSettings account, String prompt, Portfolio portfolio,
        MarketSnapshot snapshot, Instant decisionTime) {

    public String provider() {
        return account.provider();
    }
}
