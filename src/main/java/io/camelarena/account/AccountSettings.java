package io.camelarena.account;

import java.math.BigDecimal;

/**
 * One trading account as declared in configuration ({@code arena.accounts.<name>.*}) and stored in the accounts
 * table. Holds a reference to the API key (an environment variable name), never the key.
 */
public record AccountSettings(
        long id,
        String name,
        String provider,
        String model,
        String baseUrl,
        String region,
        String apiKeyEnv,
        BigDecimal temperature,
        int maxTokens,
        int maxLeverage,
        BigDecimal initialCash,
        boolean active) {

    public AccountSettings withId(long newId) {
        return new AccountSettings(newId, name, provider, model, baseUrl, region, apiKeyEnv, temperature, maxTokens,
                maxLeverage, initialCash, active);
    }
}
