package io.camelarena.audit;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A minimal decision-log row as the row builder would give it: a HOLD of one account, with its prompt and reply. */
final class HoldRows {

    private HoldRows() {
    }

    static Map<String, Object> hold(long accountId, String tick, Object decisionTime, String reason) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("decision_id", UUID.randomUUID().toString());
        row.put("account_id", accountId);
        row.put("decision_time", decisionTime);
        row.put("tick_id", tick);
        row.put("reason", reason);
        row.put("operation", "hold");
        row.put("target_portion", new BigDecimal("0.000000"));
        row.put("total_balance", new BigDecimal("10000.00"));
        row.put("leverage", 1);
        row.put("executed", "false");
        row.put("status", "HOLD");
        row.put("attempts", 1);
        row.put("user_prompt", "prompt of " + tick);
        row.put("reasoning_trace", "{\"operation\":\"hold\"}");
        return row;
    }
}
