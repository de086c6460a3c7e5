package io.camelarena.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayRequestTest {

    @Test
    void aFullRequestBecomesBoundConditions() {
        ReplayRequest r = ReplayRequest.parse("{\"decisions\": [3, 4], \"ticks\": [\"t1\"], \"accounts\": [\"alpha\","
                + " \"7\"], \"from\": \"2026-11-25\", \"to\": \"2026-11-26T00:00:00Z\", \"targets\": [\"gpt\", \"claude\"]}");
        assertThat(r.from()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(r.targets()).containsExactly("gpt", "claude");
        List<Object> params = new ArrayList<>();
        assertThat(r.where(params)).isEqualTo(" WHERE l.replay_of IS NULL AND l.user_prompt IS NOT NULL"
                + " AND l.id IN (?, ?) AND l.tick_id IN (?) AND (a.name = ? OR l.account_id = ?)"
                + " AND l.decision_time >= ? AND l.decision_time < ?");
        assertThat(params).hasSize(7).startsWith(3, 4, "t1", "alpha", 7);
        assertThat(ReplayRequest.parse(r.toJson())).isEqualTo(r);
    }

    @Test
    void badRequestsNameTheirField() {
        assertField("", "body");
        assertField("{\"targets\": [\"a\"]}", "decisions");
        assertField("{\"ticks\": \"t1\", \"targets\": [\"a\"]}", "ticks");
        assertField("{\"ticks\": [\"t1\"]}", "targets");
        assertField("{\"ticks\": [\"t1\"], \"targets\": [\"a\", \"a\"]}", "targets");
        assertField("{\"ticks\": [\"t1\"], \"targets\": [\"a\"], \"limit\": 3}", "limit");
        assertField("{\"accounts\": [\"a b\"], \"targets\": [\"a\"]}", "accounts");
        assertField("{\"decisions\": [0], \"targets\": [\"a\"]}", "decisions");
        assertField("{\"to\": 5, \"targets\": [\"a\"]}", "to");
    }

    private static void assertField(String body, String field) {
        assertThatThrownBy(() -> ReplayRequest.parse(body)).isInstanceOfSatisfying(ReplayRequestException.class,
                e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
    }
}
