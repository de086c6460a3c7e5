package io.camelarena.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.execution.H2TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger's totals over a period, from orders.cause / penalty and funding_payments (on the Flyway schema). */
class LedgerTotalsTest {

    private H2TestDatabase db;
    private long alpha;
    private long beta;

    @BeforeEach
    void setUp() {
        db = new H2TestDatabase();
        alpha = db.insertAccount("alpha", new BigDecimal("10000"));
        beta = db.insertAccount("beta", new BigDecimal("10000"));
        order(alpha, "2026-11-20 10:00:00", "open", "DECISION", "0");
        order(alpha, "2026-11-20 11:00:00", "close", "LIQUIDATION", "45.45327648");
        order(alpha, "2026-11-20 12:00:00", "close", "STOP_LOSS", "-3.5"); // a loss beyond the margin, waived
        order(alpha, "2026-11-20 13:00:00", "close", "DECISION", "-1.25"); // the same on a model's close
        order(alpha, "2026-11-20 14:00:00", "close", "TAKE_PROFIT", "0");
        order(alpha, "2026-11-21 09:00:00", "close", "LIQUIDATION", "10");
        funding(alpha, "2026-11-20 10:30:00", "0.061875");
        funding(alpha, "2026-11-21 10:30:00", "1");
        funding(beta, "2026-11-20 10:30:00", "-0.0245"); // received: beta has no exit, only funding
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aPeriodCountsItsExitsPenaltiesWaivedLossesAndFunding() throws Exception {
        Map<Integer, LedgerTotals.Totals> totals;
        try (Connection c = db.dataSource().getConnection()) {
            totals = LedgerTotals.byAccount(c, new Period(Instant.parse("2026-11-20T00:00:00Z"),
                    Instant.parse("2026-11-21T00:00:00Z")));
        }
        LedgerTotals.Totals a = totals.get((int) alpha);
        assertThat(a.liquidations()).isEqualTo(1);
        assertThat(a.stops()).isEqualTo(1);
        assertThat(a.takeProfits()).isEqualTo(1);
        assertThat(a.penalties()).isEqualByComparingTo("45.45327648");
        assertThat(a.waived()).isEqualByComparingTo("-4.75");
        assertThat(a.funding()).isEqualByComparingTo("0.061875");
        assertThat(totals.get((int) beta)).isEqualTo(new LedgerTotals.Totals(new BigDecimal("-0.02450000"),
                BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO));
    }

    @Test
    void anOpenPeriodCountsEverything() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            LedgerTotals.Totals a = LedgerTotals.byAccount(c, Period.ALL).get((int) alpha);
            assertThat(a.liquidations()).isEqualTo(2);
            assertThat(a.penalties()).isEqualByComparingTo("55.45327648");
            assertThat(a.funding()).isEqualByComparingTo("1.061875");
        }
    }

    private void order(long account, String at, String operation, String cause, String penalty) {
        db.execute("INSERT INTO orders (account_id, symbol, operation, side, quantity, price, notional, leverage,"
                + " margin, fee, realized_pnl, status, cause, penalty, created_at) VALUES (" + account + ", 'BTC', '"
                + operation + "', 'long', 1, 100, 100, 1, 100, 0, 0, 'FILLED', '" + cause + "', " + penalty + ", '"
                + at + "')");
    }

    private void funding(long account, String at, String amount) {
        db.execute("INSERT INTO funding_payments (account_id, position_id, symbol, side, quantity, mark_price,"
                + " hourly_rate, hours, amount, period_start, period_end) VALUES (" + account + ", 1, 'BTC', 'long', 1,"
                + " 100, 0.0000125, 1, " + amount + ", '" + at + "', '" + at + "')");
    }
}
