package io.camelarena.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls to the runtime's HTTP API in route tests: requests that must succeed, JSON answers, leaderboard rows. */
final class ApiCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    ApiCalls(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The body of a request answered 200 to 202 (the assertion names the request and the answer otherwise). */
    String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(request.uri() + ": " + r.body()).isBetween(200, 202);
        return r.body();
    }

    JsonNode getJson(String path) throws Exception {
        return JSON.readTree(send(HttpRequest.newBuilder(uri(path)).build()));
    }

    /** The row of {@code account} in a {@code GET /api/leaderboard} answer. */
    static JsonNode leaderboardRow(JsonNode board, String account) {
        for (JsonNode row : board.get("items")) {
            if (row.get("account").asText().equals(account)) {
                return row;
            }
        }
        throw new AssertionError("no leaderboard row for " + account + ": " + board);
    }
}
