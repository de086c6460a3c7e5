package io.camelarena.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.AccountSettings;
import io.camelarena.decision.ErrorCode;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.ModelAnswer;
import io.camelarena.model.ModelReply;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** ask-model's enrich strategy: the model's answer goes into the record, and nothing else of the call comes back. */
class ModelAnswerMergeTest {

    private static final DefaultCamelContext CONTEXT = new DefaultCamelContext();

    private final ModelAnswerMerge merge = new ModelAnswerMerge(new DecisionSteps(null, null, null, null, null,
            new ApiKeys(name -> Optional.empty()), List.of("BTC")));

    @Test
    void aReplyAndWhatTheCallCostGoIntoTheRecordWhichStaysTheBody() {
        DecisionRecord record = record("simulated");
        Exchange original = exchange(record);
        Exchange resource = exchange(new ModelAnswer(new ModelReply("{\"operation\":\"hold\"}", "why", "stop", 12, 3,
                "req-1"), "momentum-v1", 2, "HTTP 503", 840L, "req-1", null, null));
        resource.getMessage().setHeader("Authorization", "Bearer secret");

        Exchange merged = merge.aggregate(original, resource);

        assertThat(merged).isSameAs(original);
        assertThat(merged.getMessage().getBody()).isSameAs(record);
        assertThat(merged.getMessage().getHeader("Authorization")).isNull();
        assertThat(record.isSettled()).isFalse();
        assertThat(record.rawReply()).isEqualTo("{\"operation\":\"hold\"}");
        assertThat(record.reasoning()).isEqualTo("why");
        assertThat(record.finishReason()).isEqualTo("stop");
        assertThat(record.inputTokens()).isEqualTo(12);
        assertThat(record.outputTokens()).isEqualTo(3);
        assertThat(record.requestId()).isEqualTo("req-1");
        assertThat(record.model()).isEqualTo("momentum-v1");
        assertThat(record.attempts()).isEqualTo(2);
        assertThat(record.lastError()).isEqualTo("HTTP 503");
        assertThat(record.latencyMs()).isEqualTo(840L);
    }

    @Test
    void aFailedCallSettlesTheRecordAsAModelErrorWithItsCode() {
        DecisionRecord record = record("openai");
        merge.aggregate(exchange(record), exchange(new ModelAnswer(null, null, 3, "HTTP 429", 1200L, "req-2",
                ErrorCode.MODEL_HTTP_ERROR, "HTTP 429 from the provider: rate limited")));

        assertThat(record.status()).isEqualTo(DecisionStatus.MODEL_ERROR);
        assertThat(record.error().code()).isEqualTo(ErrorCode.MODEL_HTTP_ERROR);
        assertThat(record.error().message()).isEqualTo("HTTP 429 from the provider: rate limited");
        assertThat(record.attempts()).isEqualTo(3);
        assertThat(record.requestId()).isEqualTo("req-2");
        assertThat(record.model()).as("the account's model").isEqualTo("m");
        assertThat(record.rawReply()).isNull();
    }

    private static DecisionRecord record(String provider) {
        AccountSettings account = new AccountSettings(1, "a", provider, "m", null, null, null, null, 0, 10,
                new BigDecimal("10000"), true);
        return new DecisionRecord("t-1", account, new MarketSnapshot("t-1", Instant.now(), Map.of(), List.of(), null,
                "", null), Instant.now());
    }

    private static Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(CONTEXT);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
