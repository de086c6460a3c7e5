package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetRowsTest {

    @Test
    void aRowBecomesUserAndAssistantMessagesWithMetadata() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 7);
        row.put("model", "gpt-4o");
        row.put("status", "EXECUTED");
        row.put("replay_of", null);
        row.put("user_prompt", "You trade. Portfolio: ...");
        row.put("reasoning_trace", "<think>\nup\n</think>\n{\"operation\":\"hold\"}");
        row.put("llm_output", "{\"operation\":\"hold\",\"symbol\":null}");

        assertThat(DatasetRows.chat(row).toString()).isEqualTo("{\"messages\":["
                + "{\"role\":\"user\",\"content\":\"You trade. Portfolio: ...\"},"
                + "{\"role\":\"assistant\",\"content\":\"<think>\\nup\\n</think>\\n{\\\"operation\\\":\\\"hold\\\"}\"}],"
                + "\"metadata\":{\"id\":7,\"model\":\"gpt-4o\",\"status\":\"EXECUTED\",\"replay_of\":null,"
                + "\"parsed_decision\":{\"operation\":\"hold\",\"symbol\":null}}}");
    }

    @Test
    void rowsWithoutPromptOrReplyAreLeftOut() {
        Map<String, Object> cleared = new LinkedHashMap<>();
        cleared.put("id", 1);
        cleared.put("user_prompt", null);
        cleared.put("reasoning_trace", "x");
        assertThat(DatasetRows.chat(cleared)).isNull();
        cleared.put("user_prompt", "p");
        cleared.put("reasoning_trace", "");
        assertThat(DatasetRows.chat(cleared)).isNull();
    }
}
