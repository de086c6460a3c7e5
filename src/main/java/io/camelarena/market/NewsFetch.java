package io.camelarena.market;

/** Result of the fetch-news route: the digest, or why it is empty. */
public record NewsFetch(String digest, String error) {

    public static NewsFetch failed(String error) {
        return new NewsFetch("", error);
    }
}
