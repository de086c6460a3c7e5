package io.camelarena.audit;

/**
 * The outcome of walking the decision-log hash chain: intact, or the first row found altered, inserted or deleted.
 *
 * @param rowsChecked chained rows walked before the verdict
 * @param problem     null when the chain is intact
 * @param rowId       ai_decision_logs.id of the first offending row (null when the problem is a missing row at the
 *                    end of the chain)
 * @param chainSeq    the chain position where the problem was found
 * @param detail      what exactly does not match
 * @param headHash    the hash of the last chained row (anchor it elsewhere to detect a rewrite of the whole chain)
 */
public record VerifyReport(boolean ok, long rowsChecked, Problem problem, Long rowId, Long chainSeq, String detail,
        String headHash) {

    /** What was found wrong with a row. */
    public enum Problem { ALTERED, INSERTED, DELETED }

    static VerifyReport intact(long rows, String headHash) {
        return new VerifyReport(true, rows, null, null, null, "chain intact", headHash);
    }

    static VerifyReport broken(long rows, Problem problem, Long rowId, Long seq, String detail) {
        return new VerifyReport(false, rows, problem, rowId, seq, detail, null);
    }

    @Override
    public String toString() {
        if (ok) {
            return "audit chain OK: " + rowsChecked + " rows verified, head " + headHash;
        }
        return "audit chain BROKEN: " + problem + " row" + (rowId == null ? "" : " id=" + rowId)
                + (chainSeq == null ? "" : " (chain_seq " + chainSeq + ")") + ": " + detail
                + " [" + rowsChecked + " rows verified before it]";
    }
}
