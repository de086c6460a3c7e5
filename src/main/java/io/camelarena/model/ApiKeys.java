package io.camelarena.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Resolves API keys from their references (an environment variable name, also accepted as a system property or
 * configuration property of the same name) at call time, and scrubs every key it has handed out, plus any it is told
 * about, from text before that text is logged or stored.
 */
public final class ApiKeys {

    static final String MASK = "***";
    private static final int MIN_SECRET_LENGTH = 6;

    private final Function<String, Optional<String>> lookup;
    private final Set<String> knownSecrets = ConcurrentHashMap.newKeySet();

    public ApiKeys(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public Optional<String> resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        Optional<String> key = lookup.apply(reference.trim()).map(String::trim).filter(v -> !v.isEmpty());
        key.ifPresent(this::remember);
        return key;
    }

    public void remember(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
            knownSecrets.add(secret);
        }
    }

    /** Replaces every known secret in {@code text} with {@value #MASK}. */
    public String scrub(String text) {
        if (text == null || knownSecrets.isEmpty()) {
            return text;
        }
        String result = text;
        // longest first: a key that contains another known key must be masked whole, not leave its remainder
        List<String> longestFirst = new ArrayList<>(knownSecrets);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        for (String secret : longestFirst) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}
