package io.camelarena.app;

import io.camelarena.account.AccountCatalog;
import io.camelarena.account.AccountSettings;
import io.camelarena.model.ApiKeys;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/** The accounts declared in the configuration, synced into the (migrated) database. */
public class AccountConfiguration extends StageConfiguration {

    /**
     * Every declared account, active or not. Their keys are remembered up front so they are scrubbed even from text
     * produced before the first call, and an active account whose key is missing stops the start-up instead of
     * failing every tick.
     */
    @BindToRegistry("arenaAccounts")
    public List<AccountSettings> accounts(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("apiKeys") ApiKeys apiKeys) throws Exception {
        AccountCatalog catalog = new AccountCatalog(props);
        List<AccountSettings> accounts = catalog.sync(dataSource, catalog.declared());
        for (AccountSettings a : accounts) {
            boolean hasKey = apiKeys.resolve(a.apiKeyEnv()).isPresent();
            if (a.active() && a.provider().equals("openai") && !hasKey) {
                throw new IllegalStateException("account " + a.name() + " has no API key: set the environment "
                        + "variable " + a.apiKeyEnv() + " (arena.accounts." + a.name() + ".api-key-env) or make the "
                        + "account inactive (arena.accounts." + a.name() + ".active=false)");
            }
        }
        return accounts;
    }
}
