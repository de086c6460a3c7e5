package io.camelarena.market;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Result of the fetch-venue route: the venue context of the symbols that had one, or why there is none.
 *
 * @param contexts symbol to its context, in the order of the configured symbols
 * @param missing  configured symbols without a context
 * @param error    why some or all contexts could not be fetched, or null
 * @param asOf     the newest as-of time of the contexts, or null
 */
public record VenueFetch(Map<String, VenueContext> contexts, List<String> missing, String error, Instant asOf) {

    public VenueFetch {
        contexts = Collections.unmodifiableMap(new LinkedHashMap<>(contexts));
        missing = List.copyOf(missing);
    }

    public static VenueFetch failed(String error, List<String> symbols) {
        return new VenueFetch(Map.of(), symbols, error, null);
    }
}
