package io.camelarena.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.account.AccountSettings;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class TickGroupsTest {

    private static AccountSettings account(String name) {
        return new AccountSettings(1, name, "simulated", "momentum", null, null, null, BigDecimal.ONE, 100, 10,
                BigDecimal.TEN, true);
    }

    @Test
    void anAccountsGroupIsTheCrc32OfItsNameModuloTheGroups() {
        CRC32 crc = new CRC32();
        crc.update("gpt4o".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long expected = crc.getValue() % 5;
        TickGroups groups = new TickGroups(5, Map.of());
        assertThat(groups.groupOf("gpt4o")).isEqualTo((int) expected);
        // Fixed values (python3 -c "import zlib; print(zlib.crc32(b'sim-momentum') % 4)", as docs/cluster.md shows):
        // the mapping never changes between versions, runtimes or JVMs.
        assertThat(new TickGroups(4, Map.of()).groupOf("sim-momentum")).isEqualTo(3);
        assertThat(new TickGroups(4, Map.of()).groupOf("sim-contrarian")).isZero();
        assertThat(TickGroups.hashGroup("a", 4)).isEqualTo((int) (0xE8B7BE43L % 4));
    }

    @Test
    void oneGroupHoldsEveryAccount() {
        TickGroups single = TickGroups.single();
        assertThat(List.of("a", "b", "claude", "ü-ñ")).allSatisfy(n -> assertThat(single.groupOf(n)).isZero());
    }

    @Test
    void anExplicitGroupWinsOverTheHash() {
        List<AccountSettings> accounts = List.of(account("a"), account("b"), account("c"));
        TickGroups groups = TickGroups.of(3, accounts,
                key -> key.equals("arena.accounts.b.group") ? Optional.of(" 2 ") : Optional.empty());
        assertThat(groups.groupOf("b")).isEqualTo(2);
        assertThat(groups.groupOf("a")).isEqualTo(TickGroups.hashGroup("a", 3));
        assertThat(groups.members(2, accounts)).extracting(AccountSettings::name).contains("b");
    }

    @Test
    void everyAccountIsInExactlyOneGroup() {
        List<AccountSettings> accounts = java.util.stream.IntStream.range(0, 50).mapToObj(i -> account("acct-" + i))
                .toList();
        TickGroups groups = new TickGroups(4, Map.of());
        List<String> all = java.util.stream.IntStream.range(0, 4).boxed()
                .flatMap(g -> groups.members(g, accounts).stream()).map(AccountSettings::name).toList();
        assertThat(all).containsExactlyInAnyOrderElementsOf(accounts.stream().map(AccountSettings::name).toList());
    }

    @Test
    void badSettingsAreRefusedWithTheKeyToFix() {
        List<AccountSettings> accounts = List.of(account("a"));
        assertThatThrownBy(() -> TickGroups.of(2, accounts, key -> Optional.of("5")))
                .hasMessageContaining("arena.accounts.a.group is 5 but there are 2 groups");
        assertThatThrownBy(() -> TickGroups.of(2, accounts, key -> Optional.of("one")))
                .hasMessageContaining("arena.accounts.a.group must be a whole number");
        assertThatThrownBy(() -> new TickGroups(0, Map.of())).hasMessageContaining("arena.cluster.groups");
    }
}
