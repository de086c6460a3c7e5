package io.camelarena.tick;

import io.camelarena.account.AccountSettings;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Which account group an account belongs to ({@code arena.cluster.groups} groups, one scheduled Quartz job each). An
 * account's group is {@code arena.accounts.<name>.group} when set, else the CRC-32 of its name (UTF-8) modulo the
 * number of groups: stable across runtimes, restarts and JVM versions, and independent of database ids.
 */
public final class TickGroups {

    private final int count;
    private final Map<String, Integer> explicit;

    public TickGroups(int count, Map<String, Integer> explicit) {
        if (count < 1) {
            throw new IllegalStateException("arena.cluster.groups must be at least 1, was " + count);
        }
        explicit.forEach((name, group) -> {
            if (group < 0 || group >= count) {
                throw new IllegalStateException("arena.accounts." + name + ".group is " + group + " but there are "
                        + count + " groups (arena.cluster.groups): use 0 to " + (count - 1));
            }
        });
        this.count = count;
        this.explicit = Map.copyOf(explicit);
    }

    /** One group holding every account. */
    public static TickGroups single() {
        return new TickGroups(1, Map.of());
    }

    /** The groups of these accounts, reading {@code arena.accounts.<name>.group} through {@code property}. */
    public static TickGroups of(int count, List<AccountSettings> accounts, Function<String, Optional<String>> property) {
        Map<String, Integer> explicit = new HashMap<>();
        for (AccountSettings account : accounts) {
            String key = "arena.accounts." + account.name() + ".group";
            property.apply(key).map(String::trim).filter(v -> !v.isEmpty()).ifPresent(value -> {
                try {
                    explicit.put(account.name(), Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(key + " must be a whole number, was '" + value + "'");
                }
            });
        }
        return new TickGroups(count, explicit);
    }

    public int count() {
        return count;
    }

    public int groupOf(String accountName) {
        Integer fixed = explicit.get(accountName);
        return fixed != null ? fixed : hashGroup(accountName, count);
    }

    /** The accounts of one group, in the given order. */
    public List<AccountSettings> members(int group, List<AccountSettings> accounts) {
        return accounts.stream().filter(a -> groupOf(a.name()) == group).toList();
    }

    static int hashGroup(String accountName, int count) {
        CRC32 crc = new CRC32();
        crc.update(accountName.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }
}
