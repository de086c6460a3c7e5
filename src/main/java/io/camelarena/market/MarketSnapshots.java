package io.camelarena.market;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.camelarena.support.IsoTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each tick's {@link MarketSnapshot} as it was used (market_snapshots, JSON), so that a decision row can name
 * the snapshot its prompt was built from and a replay reads the market from it, never from a later fetch. The ledger
 * candles are not stored (they feed the ledger between ticks, not the prompt).
 */
public final class MarketSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(MarketSnapshots.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DataSource dataSource;

    public MarketSnapshots(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The snapshot with the id of its stored row. When the database does not take it, the tick goes on with the
     * snapshot unstored (its decisions name no snapshot) and a WARN says so.
     */
    public MarketSnapshot store(MarketSnapshot snapshot) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO market_snapshots (tick_id, taken_at, inputs_as_of, snapshot_json) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            st.setString(1, snapshot.tickId() == null ? "" : snapshot.tickId());
            st.setString(2, IsoTimes.sqlDateTime(snapshot.takenAt()));
            st.setString(3, snapshot.inputsAsOf() == null ? null : IsoTimes.sqlDateTime(snapshot.inputsAsOf()));
            st.setString(4, toJson(snapshot));
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return snapshot.withSnapshotId(keys.getLong(1));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("tick {}: market snapshot not stored ({}); its decisions name no snapshot", snapshot.tickId(),
                    e.toString());
            return snapshot;
        }
    }

    /** The stored snapshot, with its id; empty when there is no such row. */
    public Optional<MarketSnapshot> load(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT snapshot_json FROM market_snapshots WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(fromJson(rs.getString(1)).withSnapshotId(id)) : Optional.empty();
            }
        }
    }

    /** The snapshot as stored: everything the prompt is built from, without the ledger candles and the id. */
    public static String toJson(MarketSnapshot snapshot) {
        MarketSnapshot stored = new MarketSnapshot(snapshot.tickId(), snapshot.takenAt(), snapshot.prices(),
                snapshot.missingSymbols(), snapshot.pricesError(), snapshot.newsDigest(), snapshot.newsError(),
                snapshot.context().withoutLedger(), null);
        try {
            return JSON.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("market snapshot of tick " + snapshot.tickId() + " not serializable: "
                    + e.getOriginalMessage(), e);
        }
    }

    public static MarketSnapshot fromJson(String json) {
        try {
            return JSON.readValue(json, MarketSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored market snapshot is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
