package io.camelarena.bench;

import io.camelarena.account.AccountSettings;
import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.ParseOutcome;
import io.camelarena.decision.ReplyParser;
import io.camelarena.support.TextLimits;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.prompt.PromptBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmarks of the CPU-only steps of a decision, below the millisecond resolution of Camel's statistics:
 * the prompt of one account when the tick's shared market section is reused (what the runtime does) and when it is
 * rebuilt (a new snapshot each call, the cost before sharing), and parsing a model reply, also hostile ones of 1 MB.
 *
 * <p>{@code mvn -B -q -Pbench compile exec:exec -Dbench.main=org.openjdk.jmh.Main -Dbench.args=DecisionCpuBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecisionCpuBench {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL", "BNB", "XRP", "DOGE");

    private final PromptBuilder builder = new PromptBuilder(TextLimits.PROMPT, SYMBOLS);
    private final ReplyParser parser = new ReplyParser();
    private final AccountSettings account = new AccountSettings(1, "bench", "openai", "gpt-4o", null, null, null,
            null, 0, 10, new BigDecimal("10000"), true);
    private final Portfolio portfolio = new Portfolio(1, new BigDecimal("9000"), BigDecimal.ZERO,
            new BigDecimal("500"), List.of(new Position("BTC", Side.LONG, new BigDecimal("0.01"),
                    new BigDecimal("94000"), 2, new BigDecimal("470"))));
    private final Map<String, BigDecimal> prices = prices();
    private final String news = IntStream.range(0, 40).mapToObj(i -> "2026-11-25 | Headline number " + i
            + ": Bitcoin and Ether trade sideways as ETF flows " + (i % 2 == 0 ? "rise" : "cool") + " again")
            .collect(Collectors.joining("\n"));
    private final MarketSnapshot snapshot = snapshot();

    private static Map<String, BigDecimal> prices() {
        Map<String, BigDecimal> p = new LinkedHashMap<>();
        p.put("BTC", new BigDecimal("95234.5"));
        p.put("ETH", new BigDecimal("3421.23"));
        p.put("SOL", new BigDecimal("198.45"));
        p.put("BNB", new BigDecimal("912.1"));
        p.put("XRP", new BigDecimal("2.1034"));
        p.put("DOGE", new BigDecimal("0.2111"));
        return p;
    }

    private MarketSnapshot snapshot() {
        return new MarketSnapshot("tick", Instant.parse("2026-11-25T12:00:00Z"), prices, List.of(), null, news, null);
    }

    @Benchmark
    public String promptWithSharedMarketSection() {
        return builder.build(account, portfolio, snapshot);
    }

    @Benchmark
    public String promptRebuildingMarketSection() {
        return builder.build(account, portfolio, snapshot());
    }

    @Benchmark
    public ParseOutcome parseReply() {
        return parser.parse(StubServers.OPEN, 10);
    }

    // Hostile replies of about 1 MB (ReplyParserTest checks only that they end, with the right error).
    private final String garbage = "lorem { ipsum \" dolor [ sit } amet ".repeat(30_000);
    private final String openBraces = "{".repeat(1 << 20);
    private final String longReasoning = "<think>" + "hmm {x} ".repeat(100_000) + "</think>{\"operation\": \"hold\"}";

    @Benchmark
    public ParseOutcome parseOneMegabyteOfGarbage() {
        return parser.parse(garbage, 10);
    }

    @Benchmark
    public ParseOutcome parseOneMegabyteOfOpenBraces() {
        return parser.parse(openBraces, 10);
    }

    @Benchmark
    public ParseOutcome parseDecisionAfterLongReasoning() {
        return parser.parse(longReasoning, 10);
    }
}
