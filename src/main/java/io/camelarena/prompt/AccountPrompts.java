package io.camelarena.prompt;

import io.camelarena.account.AccountSettings;
import java.util.Map;

/**
 * The prompt builder and which template each account uses (arena.accounts.&lt;name&gt;.prompt-template; an account
 * not listed uses the default template), so two accounts on one model can run two prompts side by side.
 */
public record AccountPrompts(PromptBuilder builder, Map<String, String> templateByAccount) {

    public AccountPrompts {
        templateByAccount = Map.copyOf(templateByAccount);
    }

    /** The account's template name, or null for the default. */
    public String templateOf(AccountSettings account) {
        return templateByAccount.get(account.name());
    }
}
