package io.camelarena.audit;

/**
 * Rows of the chain whose prompt and reply texts retention cleared in one run: consecutive in chain order (rows that
 * had no text to clear do not interrupt a range), cleared at the same time under the same horizon.
 *
 * @param firstRowId    ai_decision_logs.id of the first cleared row of the range
 * @param lastRowId     ai_decision_logs.id of the last one
 * @param firstChainSeq chain_seq of the first
 * @param lastChainSeq  chain_seq of the last
 * @param rows          rows of the range whose texts were cleared
 * @param clearedAt     texts_cleared_at (the runtime's local time, as decision_time)
 * @param horizonDays   texts_retention_days: every row of the range was older than this when cleared
 */
public record ClearedTexts(long firstRowId, long lastRowId, long firstChainSeq, long lastChainSeq, long rows,
        String clearedAt, int horizonDays) {

    ClearedTexts plus(long rowId, long chainSeq) {
        return new ClearedTexts(firstRowId, rowId, firstChainSeq, chainSeq, rows + 1, clearedAt, horizonDays);
    }

    @Override
    public String toString() {
        return "texts cleared by retention: " + (rows == 1 ? "row id=" + firstRowId + " (chain_seq " + firstChainSeq
                : rows + " rows, id " + firstRowId + ".." + lastRowId + " (chain_seq " + firstChainSeq + ".."
                        + lastChainSeq) + ") at " + clearedAt + ", older than the " + horizonDays
                + "-day retention horizon";
    }
}
