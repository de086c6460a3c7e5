package io.camelarena.audit;

import java.util.List;

/**
 * The outcome of walking the decision-log hash chain: intact, or the first row found altered, inserted or deleted;
 * and, either way, the rows walked whose texts retention cleared.
 *
 * @param rowsChecked        chained rows walked before the verdict
 * @param problem            null when the chain is intact
 * @param rowId              ai_decision_logs.id of the first offending row (null when the problem is a missing row
 *                           at the end of the chain)
 * @param chainSeq           the chain position where the problem was found
 * @param detail             what exactly does not match
 * @param headHash           the hash of the last chained row (anchor it elsewhere to detect a rewrite of the whole
 *                           chain)
 * @param textsCleared       rows walked whose prompt or reply text retention cleared
 * @param clearedByRetention those rows, as ranges in chain order (the first {@link #LISTED_RANGES} ranges)
 */
public record VerifyReport(boolean ok, long rowsChecked, Problem problem, Long rowId, Long chainSeq, String detail,
        String headHash, long textsCleared, List<ClearedTexts> clearedByRetention) {

    /** At most this many ranges of cleared rows are listed (memory stays bounded); textsCleared counts them all. */
    public static final int LISTED_RANGES = 1_000;

    /** What was found wrong with a row. */
    public enum Problem { ALTERED, INSERTED, DELETED }

    public VerifyReport {
        clearedByRetention = List.copyOf(clearedByRetention);
    }

    static VerifyReport intact(long rows, String headHash, long textsCleared, List<ClearedTexts> cleared) {
        return new VerifyReport(true, rows, null, null, null, "chain intact", headHash, textsCleared, cleared);
    }

    static VerifyReport broken(long rows, Problem problem, Long rowId, Long seq, String detail, long textsCleared,
            List<ClearedTexts> cleared) {
        return new VerifyReport(false, rows, problem, rowId, seq, detail, null, textsCleared, cleared);
    }

    /** The cleared rows not listed in {@link #clearedByRetention} (beyond {@link #LISTED_RANGES} ranges). */
    public long clearedNotListed() {
        return textsCleared - clearedByRetention.stream().mapToLong(ClearedTexts::rows).sum();
    }

    @Override
    public String toString() {
        String cleared = textsCleared == 0 ? "" : "; texts of " + textsCleared + " rows cleared by retention";
        if (ok) {
            return "audit chain OK: " + rowsChecked + " rows verified, head " + headHash + cleared;
        }
        return "audit chain BROKEN: " + problem + " row" + (rowId == null ? "" : " id=" + rowId)
                + (chainSeq == null ? "" : " (chain_seq " + chainSeq + ")") + ": " + detail
                + " [" + rowsChecked + " rows verified before it" + cleared + "]";
    }
}
