package io.camelarena.replay;

import io.camelarena.account.AccountSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models a replay can send a prompt to: model profiles ({@code arena.models.<name>.*}, the fields of an account
 * without the money) first, then the configured accounts by name (their current model settings).
 */
public final class ReplayTargets {

    /** Prefix of the model-call name of a profile: "~" is not allowed in account names (so the two never collide) and
     * needs no escaping in the endpoint URIs the name appears in (aws-bedrock:NAME). */
    static final String PROFILE_CALL_PREFIX = "model~";

    private final Map<String, AccountSettings> profiles = new LinkedHashMap<>();
    private final Map<String, AccountSettings> accounts = new LinkedHashMap<>();

    public ReplayTargets(List<AccountSettings> profiles, List<AccountSettings> accounts) {
        profiles.forEach(p -> this.profiles.put(p.name(), p));
        accounts.forEach(a -> this.accounts.put(a.name(), a));
    }

    /** A target's model settings and the name its calls are made under. */
    public record Target(String name, AccountSettings settings, boolean profile) {

        /**
         * The settings a replay of a decision of account {@code accountId} is called with: the target's model, the
         * original account's id (the row belongs to it) and leverage bound (the parse clamps as it did live).
         */
        public AccountSettings forAccount(long accountId, int maxLeverage) {
            AccountSettings s = settings;
            return new AccountSettings(accountId, profile ? PROFILE_CALL_PREFIX + s.name() : s.name(), s.provider(),
                    s.model(), s.baseUrl(), s.region(), s.apiKeyEnv(), s.temperature(), s.maxTokens(), maxLeverage,
                    s.initialCash(), true);
        }
    }

    public Optional<Target> resolve(String name) {
        AccountSettings p = profiles.get(name);
        if (p != null) {
            return Optional.of(new Target(name, p, true));
        }
        return Optional.ofNullable(accounts.get(name)).map(a -> new Target(name, a, false));
    }

    /** Every name a target can be given, profiles first. */
    public List<String> names() {
        List<String> names = new ArrayList<>(profiles.keySet());
        accounts.keySet().stream().filter(n -> !profiles.containsKey(n)).forEach(names::add);
        return names;
    }

    public List<AccountSettings> profiles() {
        return List.copyOf(profiles.values());
    }
}
