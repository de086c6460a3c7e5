package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final List<String> lookedUp = new ArrayList<>();
    private final Map<String, String> environment = Map.of(
            "OPENAI_API_KEY", "sk-proj-AbC123xyz",
            "PADDED_KEY", "  sk-padded-456  ",
            "BLANK_KEY", "   ",
            "SHORT_KEY", "abc");
    private final ApiKeys keys = new ApiKeys(name -> {
        lookedUp.add(name);
        return Optional.ofNullable(environment.get(name));
    });

    @Test
    void resolvesThroughTheLookupWithATrimmedReference() {
        assertThat(keys.resolve(" OPENAI_API_KEY ")).contains("sk-proj-AbC123xyz");
        assertThat(lookedUp).containsExactly("OPENAI_API_KEY");
    }

    @Test
    void resolvedValueIsTrimmedAndBlankValuesCountAsMissing() {
        assertThat(keys.resolve("PADDED_KEY")).contains("sk-padded-456");
        assertThat(keys.resolve("BLANK_KEY")).isEmpty();
        assertThat(keys.resolve("NOT_SET")).isEmpty();
    }

    @Test
    void blankOrNullReferencesResolveToNothingWithoutALookup() {
        assertThat(keys.resolve(null)).isEmpty();
        assertThat(keys.resolve("")).isEmpty();
        assertThat(keys.resolve("   ")).isEmpty();
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void resolvedKeysAreScrubbedFromReplies() {
        keys.resolve("OPENAI_API_KEY");

        assertThat(keys.scrub("my key is sk-proj-AbC123xyz, twice: sk-proj-AbC123xyz"))
                .isEqualTo("my key is ***, twice: ***");
    }

    @Test
    void keysInUrlsAndExceptionMessagesAreScrubbed() {
        keys.remember("AIzaSyD-secret_42");
        keys.resolve("PADDED_KEY");

        assertThat(keys.scrub("GET https://generativelanguage.googleapis.com/v1/models?key=AIzaSyD-secret_42&alt=sse"))
                .isEqualTo("GET https://generativelanguage.googleapis.com/v1/models?key=***&alt=sse");
        Exception failure = new IllegalStateException("401 Unauthorized: Incorrect API key provided: sk-padded-456.");
        assertThat(keys.scrub(failure.getMessage()))
                .isEqualTo("401 Unauthorized: Incorrect API key provided: ***.");
    }

    @Test
    void aKeyThatContainsAnotherKeyIsScrubbedWhole() {
        keys.remember("secret");
        keys.remember("secret-longer-key");
        keys.remember("xsecret-longer-key-suffix");

        assertThat(keys.scrub("a=secret-longer-key b=xsecret-longer-key-suffix c=secret"))
                .isEqualTo("a=*** b=*** c=***");
    }

    @Test
    void valuesShorterThanSixCharactersAreNeverScrubbed() {
        assertThat(keys.resolve("SHORT_KEY")).contains("abc");
        keys.remember("12345");
        keys.remember(null);

        assertThat(keys.scrub("abc 12345 abcdef")).isEqualTo("abc 12345 abcdef");
        keys.remember("abcdef");
        assertThat(keys.scrub("abc 12345 abcdef")).isEqualTo("abc 12345 ***");
    }

    @Test
    void scrubLeavesTextAloneWhenNothingIsKnownAndKeepsNull() {
        assertThat(keys.scrub("sk-proj-AbC123xyz")).isEqualTo("sk-proj-AbC123xyz");
        keys.remember("sk-proj-AbC123xyz");
        assertThat(keys.scrub(null)).isNull();
    }
}
