package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.testing.CsvRecords;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leaderboard's CSV: every flat field, intervals split in two, lists and objects left out, formulas defused. */
class LeaderboardCsvTest {

    @Test
    void everyFlatFieldOfEveryRowIsAColumnRankFirst() {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("account", "alpha");
        account.put("baseline", false);
        account.put("return_pct", new BigDecimal("6.00"));
        account.put("sharpe_ci95", List.of(new BigDecimal("-1.5000"), new BigDecimal("2.2500")));
        account.put("cost_usd", new BigDecimal("0.12")); // a field another change adds comes along
        account.put("equity_history", List.of(new Object[] {"2026-11-20T00:00:00Z", BigDecimal.TEN}));
        account.put("models", List.of(Map.of("model", "m")));
        account.put("rank", 2);
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("account", "buy-and-hold BTC");
        baseline.put("baseline", true);
        baseline.put("return_pct", new BigDecimal("8.83"));
        baseline.put("sharpe_ci95", null);
        baseline.put("symbols", "BTC");
        baseline.put("rank", 1);

        List<List<String>> records = CsvRecords.parse(new String(LeaderboardApi.csv(List.of(baseline, account)),
                StandardCharsets.UTF_8));
        assertThat(records.get(0)).containsExactly("rank", "account", "baseline", "return_pct", "sharpe_ci95_low",
                "sharpe_ci95_high", "symbols", "cost_usd");
        assertThat(records.get(1)).containsExactly("1", "buy-and-hold BTC", "true", "8.83", "", "", "BTC", "");
        assertThat(records.get(2)).containsExactly("2", "alpha", "false", "6.00", "-1.5000", "2.2500", "", "0.12");
    }

    @Test
    void textThatASpreadsheetWouldRunGetsALeadingQuoteAndNumbersKeepTheirSign() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("rank", 1);
        row.put("model", "=HYPERLINK(\"http://example.invalid\",\"x\")");
        row.put("return_pct", new BigDecimal("-3.10"));
        List<List<String>> records = CsvRecords.parse(new String(LeaderboardApi.csv(List.of(row)),
                StandardCharsets.UTF_8));
        assertThat(records.get(1)).containsExactly("1", "'=HYPERLINK(\"http://example.invalid\",\"x\")", "-3.10");
    }
}
