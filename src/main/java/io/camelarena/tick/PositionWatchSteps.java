package io.camelarena.tick;

import io.camelarena.account.AccountSettings;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.execution.FillPricer;
import io.camelarena.execution.FillPricers;
import io.camelarena.execution.PositionWatcher;
import io.camelarena.execution.PositionWatcher.FundingQuote;
import io.camelarena.execution.PositionWatcher.Outcome;
import io.camelarena.execution.PositionWatcher.RoundMarket;
import io.camelarena.market.CandleFetch;
import io.camelarena.market.MarketRequest;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.market.VenueContext;
import io.camelarena.market.VenueSteps;
import io.camelarena.support.Failures;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quartz.JobDetail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the ledger between decisions (docs/ledger.md): run-tick's check of the tick's accounts before they
 * decide (the tick's 1-minute candles, its prices, funding), and the watch-positions route's runs between ticks (one
 * Quartz job per account group, like the tick schedule: a group's positions are watched by one runtime at a time).
 * A failed round is logged and applied by nothing; the watermarks stay, so the next round applies its candles.
 */
public final class PositionWatchSteps {

    private static final Logger LOG = LoggerFactory.getLogger(PositionWatchSteps.class);

    private final PositionWatcher watcher;
    private final VenueSteps venue;
    private final TickLifecycle ticks;
    private final FillPricers pricers;
    private final Clock clock;

    public PositionWatchSteps(PositionWatcher watcher, VenueSteps venue, TickLifecycle ticks, FillPricers pricers,
            Clock clock) {
        this.watcher = watcher;
        this.venue = venue;
        this.ticks = ticks;
        this.pricers = pricers;
        this.clock = clock;
    }

    /**
     * The pricer of a tick's round: run-tick takes it once and passes it to every fill of the tick, so each traded
     * symbol's order book is fetched at most once per tick.
     */
    public FillPricer tickPricer(String tickId) {
        return pricers.forRound(tickId);
    }

    /**
     * Before the tick's decisions: the 1-minute candles since the previous tick, the tick's prices and the funding
     * accrual, applied to the open positions of the deciding accounts. Never throws: on a failure the decisions go on
     * (a WARN says so), and the next round catches up from the positions' watermarks.
     */
    public List<DecisionRecord> beforeDecisions(List<DecisionRecord> records, MarketSnapshot snapshot,
            FillPricer pricer) {
        if (records.isEmpty()) {
            return records;
        }
        List<Long> ids = records.stream().map(r -> r.account().id()).toList();
        Map<String, FundingQuote> funding = new LinkedHashMap<>();
        for (Map.Entry<String, VenueContext> e : snapshot.context().venue().entrySet()) {
            VenueContext c = e.getValue();
            if (c.fundingRateHourly() != null) {
                funding.put(e.getKey(), new FundingQuote(c.markPrice(), c.fundingRateHourly()));
            }
        }
        try {
            Outcome outcome = watcher.apply(ids, snapshot.context().ledgerCandles(),
                    new RoundMarket(snapshot.prices(), funding, snapshot.tickId()), snapshot.takenAt(),
                    pricer == null ? FillPricer.NONE : pricer);
            if (outcome.exits() > 0 || outcome.fundingAccruals() > 0) {
                LOG.info("tick {}: ledger before decisions: {} position(s), {} liquidated, {} stopped, {} taken profit,"
                        + " {} funding accrual(s)", snapshot.tickId(), outcome.positions(), outcome.liquidations(),
                        outcome.stopLosses(), outcome.takeProfits(), outcome.fundingAccruals());
            }
        } catch (RuntimeException e) {
            LOG.warn("tick {}: the ledger check before decisions failed, the accounts decide on the positions as they"
                    + " are: {}", snapshot.tickId(), Failures.describe(e));
        }
        return records;
    }

    /**
     * One run of the watcher between ticks.
     *
     * @param group   the account group of the firing job
     * @param since   symbol to the time its candles are needed from
     * @param pricer  the run's slippage model
     */
    public record WatchRun(int group, List<Long> accountIds, Map<String, Instant> since, FillPricer pricer) {
    }

    /** Which accounts (the active accounts of the firing job's group) and symbols this run watches. */
    public WatchRun begin(JobDetail job) {
        int group = 0;
        Object value = job == null ? null : job.getJobDataMap().get(TickSchedule.GROUP_KEY);
        if (value != null) {
            group = Integer.parseInt(value.toString());
        }
        List<Long> ids = ticks.members(group).stream().map(AccountSettings::id).toList();
        Map<String, Instant> since = ids.isEmpty() ? Map.of() : watcher.watchedSymbols(ids);
        return new WatchRun(group, ids, since, pricers.forRound("watch-" + group + "-" + clock.instant()));
    }

    /** The run's candle requests: the ledger interval of every held symbol since its oldest watermark. */
    public List<MarketRequest> candleRequests(WatchRun run) {
        return venue.watchRequests(run.since());
    }

    /** Applies the candles the run fetched. */
    public Outcome watch(WatchRun run, List<?> answers) {
        CandleFetch candles = venue.watchCandles(answers);
        if (candles.error() != null) {
            LOG.warn("position watch (group {}): candles unavailable, those positions are checked next time: {}",
                    run.group(), candles.error());
        }
        if (candles.ledger().isEmpty()) {
            return Outcome.NOTHING;
        }
        Outcome outcome = watcher.apply(run.accountIds(), candles.ledger(), RoundMarket.BETWEEN_TICKS,
                clock.instant(), run.pricer());
        if (outcome.exits() > 0) {
            LOG.info("position watch (group {}): {} position(s), {} liquidated, {} stopped, {} taken profit",
                    run.group(), outcome.positions(), outcome.liquidations(), outcome.stopLosses(),
                    outcome.takeProfits());
        }
        return outcome;
    }

    /** A run that failed: logged, nothing applied. */
    public void failed(WatchRun run, Exception failure) {
        LOG.warn("position watch{} failed, nothing applied (the next run catches up): {}",
                run == null ? "" : " (group " + run.group() + ")", Failures.describe(failure));
    }
}
