package io.camelarena.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.replay.HypotheticalOutcome.Basis;
import io.camelarena.replay.HypotheticalOutcome.Outcome;
import io.camelarena.replay.HypotheticalOutcome.Status;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The numbers of docs/replay-outcomes.md, worked by hand there. Fee 0.07 %, P0 = 100,000. */
class HypotheticalOutcomeTest {

    private static final BigDecimal FEE = new BigDecimal("0.0007");
    private static final BigDecimal P0 = new BigDecimal("100000");

    @Test
    void aLongOpenIsMarkedToMarketAtTheHorizonAfterBothFees() {
        // (102,000 - 100,000) - 0.0007 x (100,000 + 102,000) = 2,000 - 141.4 = 1,858.6; / 100,000 = 0.018586
        Outcome o = HypotheticalOutcome.scored(Basis.OPEN, "long", 5, P0, new BigDecimal("102000"), "t12", FEE);

        assertThat(o.status()).isEqualTo(Status.SCORED);
        assertThat(o.hypotheticalReturn()).isEqualTo(new BigDecimal("0.01858600"));
        // on the margin (notional / 5): 5 x 0.018586 = 0.09293
        assertThat(o.returnOnMargin()).isEqualTo(new BigDecimal("0.09293000"));
        assertThat(o.priceAtHorizon()).isEqualByComparingTo("102000");
        assertThat(o.horizonTickId()).isEqualTo("t12");
    }

    @Test
    void aShortOpenGainsWhenThePriceFallsAndPaysBothFees() {
        // -(98,000 - 100,000) - 0.0007 x 198,000 = 2,000 - 138.6 = 1,861.4; / 100,000 = 0.018614; x 10 = 0.18614
        Outcome o = HypotheticalOutcome.scored(Basis.OPEN, "short", 10, P0, new BigDecimal("98000"), "t12", FEE);

        assertThat(o.hypotheticalReturn()).isEqualTo(new BigDecimal("0.01861400"));
        assertThat(o.returnOnMargin()).isEqualTo(new BigDecimal("0.18614000"));
    }

    @Test
    void anOpenLosesAtMostItsMargin() {
        // short, price up 6 %: -6,000 - 0.0007 x 206,000 = -6,144.2 -> -0.061442; x 20 = -1.22884 -> -1
        Outcome o = HypotheticalOutcome.scored(Basis.OPEN, "short", 20, P0, new BigDecimal("106000"), "t12", FEE);

        assertThat(o.hypotheticalReturn()).isEqualTo(new BigDecimal("-0.06144200"));
        assertThat(o.returnOnMargin()).isEqualTo(new BigDecimal("-1.00000000"));
    }

    @Test
    void aCloseScoresTheLossItAvoidedOrTheGainItGaveUp() {
        // long closed before a fall to 97,000: (97,000 - 100,000) x (0.0007 - 1) = 2,997.9 -> +0.029979 (avoided)
        assertThat(HypotheticalOutcome.scored(Basis.CLOSE, "long", 1, P0, new BigDecimal("97000"), "t", FEE)
                .hypotheticalReturn()).isEqualTo(new BigDecimal("0.02997900"));
        // short closed before the same fall: (-3,000) x (0.0007 + 1) = -3,002.1 -> -0.030021 (gave up)
        assertThat(HypotheticalOutcome.scored(Basis.CLOSE, "short", 1, P0, new BigDecimal("97000"), "t", FEE)
                .hypotheticalReturn()).isEqualTo(new BigDecimal("-0.03002100"));
        // a close has no margin of its own on the row
        assertThat(HypotheticalOutcome.scored(Basis.CLOSE, "long", 1, P0, new BigDecimal("97000"), "t", FEE)
                .returnOnMargin()).isNull();
    }

    @Test
    void holdAndNoTradeScoreZero() {
        assertThat(HypotheticalOutcome.scored(Basis.HOLD, null, null, null, null, "t", FEE).hypotheticalReturn())
                .isEqualTo(new BigDecimal("0E-8"));
        assertThat(HypotheticalOutcome.scored(Basis.NO_TRADE, null, null, null, null, "t", FEE)
                .hypotheticalReturn()).isEqualByComparingTo("0");
    }

    @Test
    void theBasisIsTheOperationOfADecisionThatWasOrWouldHaveBeenCarriedOut() {
        assertThat(HypotheticalOutcome.basis("EXECUTED", "open")).isEqualTo(Basis.OPEN);
        assertThat(HypotheticalOutcome.basis("VALID", "close")).isEqualTo(Basis.CLOSE);
        assertThat(HypotheticalOutcome.basis("HOLD", "hold")).isEqualTo(Basis.HOLD);
        assertThat(HypotheticalOutcome.basis("REJECTED", "open")).isEqualTo(Basis.NO_TRADE);
        assertThat(HypotheticalOutcome.basis("PARSE_ERROR", "none")).isEqualTo(Basis.NO_TRADE);
        assertThat(HypotheticalOutcome.basis("MODEL_ERROR", "none")).isEqualTo(Basis.NO_TRADE);
    }
}
