package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.account.AccountSettings;
import io.camelarena.decision.ErrorCode;
import io.camelarena.market.MarketSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ModelLimitsTest {

    private static final DefaultCamelContext CONTEXT = new DefaultCamelContext();

    @Test
    void providersWithoutKeysAreNotLimited() {
        ModelLimits limits = new ModelLimits(key -> Optional.empty());
        Exchange exchange = exchange("openai");

        for (int i = 0; i < 100; i++) {
            limits.acquire(exchange);
        }

        assertThat(limits.availableConcurrency("openai")).isEmpty();
        assertThat(exchange.getProperty(ModelLimits.PERMIT)).isNull();
        assertThat(limits.describe()).isEqualTo("none");
    }

    @Test
    void aFullProviderRefusesAfterTheWaitAndReleaseGivesThePermitBack() {
        Map<String, String> settings = Map.of("arena.model.openai.max-concurrency", "1",
                "arena.model.openai.limit-wait-ms", "50");
        ModelLimits limits = new ModelLimits(key -> Optional.ofNullable(settings.get(key)));
        Exchange first = exchange("openai");
        Exchange second = exchange("openai");

        limits.acquire(first);
        assertThat(limits.availableConcurrency("openai")).contains(0);
        assertThatThrownBy(() -> limits.acquire(second)).isInstanceOfSatisfying(ModelCallException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_CALL_FAILED);
            assertThat(e.getMessage()).contains("not called", "1 concurrent calls", "max-concurrency");
        });
        // The refused exchange holds nothing; releasing it (doFinally) changes nothing.
        limits.release(second);
        assertThat(limits.availableConcurrency("openai")).contains(0);

        limits.release(first);
        limits.release(first);
        assertThat(limits.availableConcurrency("openai")).contains(1);
        // Other providers are not affected by the openai limit.
        limits.acquire(exchange("bedrock"));
    }

    @Test
    void theRateLimitRefusesACallThatWouldWaitTooLong() {
        Map<String, String> settings = Map.of("arena.model.bedrock.requests-per-minute", "1",
                "arena.model.bedrock.limit-wait-ms", "20");
        ModelLimits limits = new ModelLimits(key -> Optional.ofNullable(settings.get(key)));

        limits.acquire(exchange("bedrock"));
        assertThatThrownBy(() -> limits.acquire(exchange("bedrock")))
                .hasMessageContaining("1 requests per minute").hasMessageContaining("requests-per-minute");
    }

    @Test
    void negativeOrInvalidValuesAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new ModelLimits(k -> k.endsWith("openai.max-concurrency") ? Optional.of("-1")
                : Optional.empty())).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new ModelLimits(k -> k.endsWith("openai.requests-per-minute") ? Optional.of("lots")
                : Optional.empty())).hasMessageContaining("invalid value 'lots'");
    }

    private static Exchange exchange(String provider) {
        AccountSettings account = new AccountSettings(1, "a-" + provider, provider, "m", null, null, null, null, 0,
                10, new BigDecimal("10000"), true);
        Exchange exchange = new DefaultExchange(CONTEXT);
        exchange.setProperty(ModelCall.PROPERTY, new ModelCall(new ModelRequest("t", account, "prompt", null,
                new MarketSnapshot("t", Instant.now(), Map.of(), List.of(), null, "", null), Instant.now())));
        return exchange;
    }
}
