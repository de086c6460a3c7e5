package io.camelarena.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable fallback of the decision log. A row the database did not take is appended as one JSON line to
 * {@code <spool-dir>/decisions.jsonl} and forced to disk (fsync) before the call returns, so the exchange completes
 * only once the row is safe. {@link #drain()} (the drain-spool route, on a timer) writes spooled rows through the
 * {@link AuditChain}; rows whose decision_id is already stored are skipped, so a drain interrupted halfway, or a row
 * whose insert did commit although the caller saw an error, is never written twice.
 *
 * <p>Files: {@code decisions.jsonl} takes new rows; a drain first renames it to
 * {@code decisions-<millis>.draining.jsonl} (new rows then start a fresh file) and deletes that file once every line of
 * it is in the database. A line the
 * database refuses for a reason other than the connection (a constraint, a value too long) is moved to
 * {@code rejected.jsonl} so it neither blocks the others nor is lost; so is the fragment of a row torn by a crash or a
 * full disk during its append, which the next append ends first so that it cannot swallow the next row.
 */
public final class DecisionLogSpool {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLogSpool.class);
    static final String ACTIVE = "decisions.jsonl";
    static final String REJECTED = "rejected.jsonl";
    private static final String DRAINING_SUFFIX = ".draining.jsonl";
    /** What versions before the rename called a file being drained: still drained. */
    private static final String LEGACY_SUFFIX = ".replay.jsonl";
    /** How every spooled row's JSON begins (decision_id is the first written column). */
    private static final String ROW_START = "{\"decision_id\":";

    private final Path dir;
    private final AuditChain chain;
    private final DecisionLogFailures failures;
    /** One JSON object per line, nothing after it: a row run together with another is not read as the first alone. */
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock drainLock = new ReentrantLock();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();

    public DecisionLogSpool(Path dir, AuditChain chain, DecisionLogFailures failures) {
        this.dir = dir;
        this.chain = chain;
        this.failures = failures;
    }

    /** Writes the row to the decision log, or to the spool when the database does not take it. */
    public void write(Map<String, Object> row) {
        try {
            chain.append(row);
        } catch (Exception e) {
            spool(row, e);
        }
    }

    /** Appends the row to the spool file and forces it to disk. Never throws: a spool failure is reported. */
    public void spool(Map<String, Object> row, Exception cause) {
        String line;
        try {
            line = toJson(row) + "\n";
        } catch (IOException | RuntimeException e) {
            failures.record(row, e);
            return;
        }
        appendLock.lock();
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(ACTIVE);
            boolean created = !Files.exists(file);
            append(file, line);
            if (created) {
                forceDirectory(dir);
            }
            long n = spooled.incrementAndGet();
            LOG.warn("decision-log row spooled to {} (#{} since start): tick={} account_id={} status={} "
                    + "decision_id={}; database: {}", file, n, row.get("tick_id"), row.get("account_id"),
                    row.get("status"), row.get("decision_id"), describe(cause));
        } catch (IOException | RuntimeException e) {
            failures.record(row, e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Writes every spooled row to the database, oldest file first. Stops at the first connection failure (the rest
     * stays spooled for the next run).
     *
     * @return rows written by this run
     */
    public int drain() {
        if (!drainLock.tryLock()) {
            return 0;
        }
        try {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            appendLock.lock();
            try {
                Path active = dir.resolve(ACTIVE);
                if (Files.exists(active) && Files.size(active) > 0) {
                    Files.move(active, dir.resolve("decisions-" + System.currentTimeMillis() + DRAINING_SUFFIX),
                            StandardCopyOption.ATOMIC_MOVE);
                    forceDirectory(dir);
                }
            } finally {
                appendLock.unlock();
            }
            int written = 0;
            for (Path file : drainingFiles()) {
                int result = drainFile(file);
                if (result < 0) {
                    break;
                }
                written += result;
            }
            return written;
        } catch (IOException e) {
            LOG.error("decision-log spool drain failed: {}", describe(e));
            return 0;
        } finally {
            drainLock.unlock();
        }
    }

    /** Rows written from one file, or -1 when the database could not be reached (the file stays). */
    private int drainFile(Path file) throws IOException {
        int written = 0;
        int skipped = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                for (String record : records(line)) {
                    Map<String, Object> row;
                    try {
                        row = fromJson(record);
                    } catch (IOException | RuntimeException e) {
                        // A torn row (crash or full disk during the append) or a hand-edited line: kept aside.
                        reject(record, "unreadable spool line: " + describe(e));
                        continue;
                    }
                    try {
                        if (chain.append(row)) {
                            written++;
                            drained.incrementAndGet();
                        } else {
                            skipped++;
                        }
                    } catch (SQLException e) {
                        if (isConnectionProblem(e)) {
                            LOG.info("decision-log spool: database still unavailable ({}); {} rows written, the rest "
                                    + "stays in {}", describe(e), written, file.getFileName());
                            return -1;
                        }
                        reject(record, "refused by the database: " + describe(e));
                    }
                }
            }
        }
        Files.delete(file);
        forceDirectory(dir);
        LOG.info("decision-log spool: {} drained ({} rows written, {} already present)", file.getFileName(),
                written, skipped);
        return written;
    }

    /**
     * The rows of one line: normally the line itself. Earlier versions appended after a torn row without ending it,
     * running it and the next row together on one line; such a line is cut where each row begins, so every complete
     * row is read and only the fragment is rejected. A row's start cannot occur inside a JSON string (its quotes
     * would be escaped there).
     */
    static List<String> records(String line) {
        List<String> records = new ArrayList<>();
        int start = 0;
        for (int next; (next = line.indexOf(ROW_START, start + 1)) > 0; start = next) {
            records.add(line.substring(start, next));
        }
        records.add(line.substring(start));
        records.removeIf(String::isBlank);
        return records;
    }

    private void reject(String line, String why) throws IOException {
        appendLock.lock();
        try {
            append(dir.resolve(REJECTED), line + "\n");
        } finally {
            appendLock.unlock();
        }
        LOG.error("decision-log spool: line moved to {}: {}", REJECTED, why);
    }

    private List<Path> drainingFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(DRAINING_SUFFIX)
                    || p.getFileName().toString().endsWith(LEGACY_SUFFIX)).sorted().toList();
        }
    }

    /** Rows waiting in the spool (all files but the rejected one). */
    public long pending() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long lines = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals(ACTIVE)
                    || p.getFileName().toString().endsWith(DRAINING_SUFFIX)
                    || p.getFileName().toString().endsWith(LEGACY_SUFFIX)).toList()) {
                try (Stream<String> l = Files.lines(p, StandardCharsets.UTF_8)) {
                    lines += l.filter(s -> !s.isBlank()).count();
                }
            }
        }
        return lines;
    }

    public long spooledCount() {
        return spooled.get();
    }

    public long drainedCount() {
        return drained.get();
    }

    public Path directory() {
        return dir;
    }

    /**
     * Appends {@code text} (whole lines) and forces it to disk. When the file does not end with a newline, an earlier
     * append was cut (a crash, a full disk): its fragment is ended first, so it stays a line of its own (rejected at
     * drain) instead of swallowing this row. Callers hold the append lock.
     */
    private static void append(Path file, String text) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long end = ch.size();
            boolean torn = false;
            if (end > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                ch.read(last, end - 1);
                torn = last.get(0) != '\n';
            }
            ByteBuffer buffer = ByteBuffer.wrap((torn ? "\n" + text : text).getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                end += ch.write(buffer, end);
            }
            ch.force(true);
        }
    }

    /** Makes a created, renamed or deleted file's directory entry durable too (best effort: not on every OS). */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // directories cannot be opened for sync on some platforms; the file itself is synced
        }
    }

    private String toJson(Map<String, Object> row) throws IOException {
        ObjectNode node = mapper.createObjectNode();
        Map<String, Object> typed = LogColumns.normalize(row);
        // A row the chain already sealed keeps its place: drain inserts it with these values.
        for (String column : LogColumns.SEALED) {
            if (row.get(column) != null) {
                typed.put(column, row.get(column));
            }
        }
        typed.forEach((column, value) -> node.put(column, LogColumns.canonical(value)));
        return mapper.writeValueAsString(node);
    }

    private Map<String, Object> fromJson(String line) throws IOException {
        var node = mapper.readTree(line);
        if (node == null || !node.isObject() || !node.hasNonNull("account_id")) {
            throw new IOException("not a spooled decision-log row");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (var e : LogColumns.WRITTEN.entrySet()) {
            var v = node.get(e.getKey());
            row.put(e.getKey(), v == null || v.isNull() ? null : LogColumns.value(e.getValue(), v.asText()));
        }
        // A row spooled after it was sealed (earlier versions sealed before a separate insert) keeps its place:
        // AuditChain.append inserts it with these values instead of sealing it again after the head.
        for (String column : LogColumns.SEALED) {
            var v = node.get(column);
            if (v != null && !v.isNull()) {
                row.put(column, v.asText());
            }
        }
        return row;
    }

    static boolean isConnectionProblem(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
                return true;
            }
        }
        // Lock wait timeouts and deadlocks are worth another try later, too.
        String state = e.getSQLState();
        return state != null && (state.equals("40001") || state.equals("HY000") && e.getErrorCode() == 1205);
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
