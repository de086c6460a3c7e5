package io.camelarena.market;

import java.time.Instant;

/**
 * Result of the fetch-news route: the digest, or why it is empty.
 *
 * @param asOf publication time of the newest dated item in the digest, or null
 */
public record NewsFetch(String digest, String error, Instant asOf) {

    public NewsFetch(String digest, String error) {
        this(digest, error, null);
    }

    public static NewsFetch failed(String error) {
        return new NewsFetch("", error, null);
    }
}
