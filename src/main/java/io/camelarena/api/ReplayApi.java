package io.camelarena.api;

import io.camelarena.replay.ReplayService;
import io.camelarena.replay.ReplayRuns;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * {@code POST /api/replays} (the answer of direct:replay-start as 202 or 400), {@code GET /api/replays},
 * {@code GET /api/replays/{id}} (status and progress) and {@code GET /api/replays/{id}/compare} (originals and
 * replays side by side, agreement per pair of sides, each row scored by its hypothetical outcome and the sides ranked
 * by mean hypothetical return: docs/replay-outcomes.md).
 */
public class ReplayApi {

    private final DataSource dataSource;
    private final ReplayRuns runs;
    private final ReplayService service;

    public ReplayApi(DataSource dataSource, ReplayService service) {
        this.dataSource = dataSource;
        this.runs = service.runs();
        this.service = service;
    }

    /** The body is what direct:replay-start returned: the queued run (202) or the refusal (400). */
    public void answer(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = exchange.getMessage().getBody(Map.class);
        String json = ApiSupport.JSON.writeValueAsString(result);
        ApiSupport.json(exchange, result.containsKey("error") ? 400 : 202, json);
    }

    /** Refuses query parameters on POST /api/replays (the request is the JSON body). */
    public void checkPost(Exchange exchange) {
        ApiSupport.query(exchange, Set.of());
    }

    public void list(Exchange exchange) throws Exception {
        ApiSupport.respond(exchange, () -> {
            ApiSupport.query(exchange, Set.of());
            try (Connection c = dataSource.getConnection()) {
                List<Map<String, Object>> items = DecisionApi.rows(c, "SELECT id, status, trigger_source, targets, "
                        + "originals, total, done, errors, message, created_at, started_at, finished_at FROM "
                        + "replay_runs ORDER BY id DESC LIMIT 50");
                items.forEach(item -> item.put("targets", ReplayRuns.targetList((String) item.get("targets"))));
                return Map.of("items", items);
            }
        });
    }

    public void get(Exchange exchange) throws Exception {
        String idText = exchange.getMessage().getHeader("id", String.class);
        ApiSupport.respond(exchange, () -> {
            ApiSupport.query(exchange, Set.of());
            return runs.get(DecisionApi.id("id", idText))
                    .orElseThrow(() -> ApiException.notFound("no replay run " + idText));
        });
    }

    public void compare(Exchange exchange) throws Exception {
        String idText = exchange.getMessage().getHeader("id", String.class);
        ApiSupport.respond(exchange, () -> {
            QueryParams query = ApiSupport.query(exchange, Set.of("limit", "offset"));
            int limit = number(query, "limit", 200, 1, 1000);
            int offset = number(query, "offset", 0, 0, Integer.MAX_VALUE);
            int runId = DecisionApi.id("id", idText);
            Map<String, Object> run = runs.get(runId)
                    .orElseThrow(() -> ApiException.notFound("no replay run " + idText));
            Map<String, Object> compared = service.compare(runId, run);
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) compared.get("items");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("run", run);
            answer.put("sides", compared.get("sides"));
            answer.put("agreement", compared.get("agreement"));
            answer.put("horizon_ticks", compared.get("horizon_ticks"));
            answer.put("ranking", compared.get("ranking"));
            answer.put("originals", items.size());
            answer.put("offset", offset);
            answer.put("limit", limit);
            answer.put("items", new ArrayList<>(items.subList(Math.min(offset, items.size()),
                    (int) Math.min((long) offset + limit, items.size()))));
            return answer;
        });
    }

    private static int number(QueryParams query, String name, int defaultValue, int min, int max) {
        return query.get(name).map(v -> {
            if (!v.matches("\\d{1,9}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
                throw ApiException.badParameter(name, name + " must be an integer from " + min + " to " + max
                        + ", was '" + QueryParams.abbreviate(v) + "'");
            }
            return Integer.parseInt(v);
        }).orElse(defaultValue);
    }
}
