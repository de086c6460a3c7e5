package io.camelarena.account;

import io.camelarena.config.ArenaProperties;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Accounts declared in configuration as {@code arena.accounts.<name>.<field>} and synced into the accounts table at
 * start-up. Accounts only named in {@code arena.accounts.names} (handy from an environment variable) are declared
 * too. An account removed from configuration stays in the table (its history matters) but is marked inactive.
 */
public final class AccountCatalog {

    public static final Set<String> PROVIDERS = Set.of("openai", "bedrock", "simulated");
    public static final String DEFAULT_BEDROCK_MODEL = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String PREFIX = "arena.accounts.";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");

    private final ArenaProperties properties;
    private final String prefix;

    public AccountCatalog(ArenaProperties properties) {
        this(properties, PREFIX);
    }

    /** Settings declared under another prefix with the same fields (the replay model profiles, arena.models.). */
    public AccountCatalog(ArenaProperties properties, String prefix) {
        this.properties = properties;
        this.prefix = prefix;
    }

    /** Reads every declared account from configuration, validating each field. */
    public List<AccountSettings> declared() {
        Set<String> names = new LinkedHashSet<>(properties.optionalList(prefix + "names"));
        for (String key : properties.keysStartingWith(prefix)) {
            String rest = key.substring(prefix.length());
            int dot = rest.lastIndexOf('.');
            // arena.accounts.names itself has no dot after the prefix; "namesake.provider" is an account
            if (dot > 0) {
                names.add(rest.substring(0, dot));
            }
        }
        List<AccountSettings> accounts = new ArrayList<>();
        for (String name : names) {
            accounts.add(read(name));
        }
        return accounts;
    }

    private AccountSettings read(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("account name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String p = prefix + name + ".";
        String provider = properties.string(p + "provider", "simulated").toLowerCase(Locale.ROOT);
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalStateException(p + "provider must be one of " + PROVIDERS + ", was '" + provider + "'");
        }
        String model = properties.string(p + "model", switch (provider) {
            case "bedrock" -> DEFAULT_BEDROCK_MODEL;
            case "openai" -> "gpt-4o-mini";
            default -> "momentum";
        });
        String baseUrl = properties.string(p + "base-url", provider.equals("openai") ? "https://api.openai.com/v1" : null);
        String region = properties.string(p + "region", provider.equals("bedrock") ? "us-east-1" : null);
        String apiKeyEnv = properties.string(p + "api-key-env", provider.equals("openai") ? "OPENAI_API_KEY" : null);
        BigDecimal temperature = properties.decimal(p + "temperature", new BigDecimal("0.7"));
        int maxTokens = properties.integer(p + "max-tokens", 1000);
        int maxLeverage = properties.integer(p + "max-leverage", 10);
        BigDecimal initialCash = properties.decimal(p + "initial-cash", new BigDecimal("10000"));
        boolean active = properties.bool(p + "active", true);
        if (baseUrl != null) {
            checkBaseUrl(p + "base-url", baseUrl);
        }
        if (maxLeverage < 1 || maxLeverage > 125) {
            throw new IllegalStateException(p + "max-leverage must be 1..125, was " + maxLeverage);
        }
        if (initialCash.signum() <= 0) {
            throw new IllegalStateException(p + "initial-cash must be positive, was " + initialCash);
        }
        if (maxTokens < 1) {
            throw new IllegalStateException(p + "max-tokens must be positive, was " + maxTokens);
        }
        return new AccountSettings(0, name, provider, model, baseUrl, region, apiKeyEnv, temperature, maxTokens,
                maxLeverage, initialCash, active);
    }

    /**
     * A base URL is stored in the accounts table, listed at start-up and shown by the API: it must not carry a key
     * (user:password@ or a query string; the key belongs in the variable named by api-key-env). The message never
     * repeats the URL, which may hold one.
     */
    private static void checkBaseUrl(String key, String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(key + " is not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http")
                || uri.getScheme().equalsIgnoreCase("https")) || uri.getHost() == null) {
            throw new IllegalStateException(key + " must be an http:// or https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalStateException(key + " must not carry credentials, a query string or a fragment"
                    + " (it is stored and shown): give the key through the variable named by api-key-env");
        }
    }

    /**
     * Inserts new accounts (cash = initial cash), updates the settings of known ones (never their cash), marks
     * accounts no longer declared inactive, and returns the declared accounts with their database ids.
     */
    public List<AccountSettings> sync(DataSource dataSource, List<AccountSettings> declared) throws SQLException {
        List<AccountSettings> synced = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (AccountSettings a : declared) {
                    synced.add(a.withId(upsert(c, a)));
                }
                deactivateUndeclared(c, declared);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        return synced;
    }

    private long upsert(Connection c, AccountSettings a) throws SQLException {
        try (PreparedStatement find = c.prepareStatement("SELECT id FROM accounts WHERE name = ?")) {
            find.setString(1, a.name());
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    long id = rs.getLong(1);
                    try (PreparedStatement up = c.prepareStatement("UPDATE accounts SET provider = ?, model = ?, "
                            + "base_url = ?, region = ?, api_key_ref = ?, temperature = ?, max_tokens = ?, "
                            + "max_leverage = ?, active = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?")) {
                        bindSettings(up, a);
                        up.setLong(10, id);
                        up.executeUpdate();
                    }
                    return id;
                }
            }
        }
        try (PreparedStatement in = c.prepareStatement("INSERT INTO accounts (provider, model, base_url, region, "
                + "api_key_ref, temperature, max_tokens, max_leverage, active, name, initial_cash, current_cash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            bindSettings(in, a);
            in.setString(10, a.name());
            in.setBigDecimal(11, a.initialCash());
            in.setBigDecimal(12, a.initialCash());
            in.executeUpdate();
            try (ResultSet keys = in.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void bindSettings(PreparedStatement st, AccountSettings a) throws SQLException {
        st.setString(1, a.provider());
        st.setString(2, a.model());
        st.setString(3, a.baseUrl());
        st.setString(4, a.region());
        st.setString(5, a.apiKeyEnv());
        st.setBigDecimal(6, a.temperature());
        st.setInt(7, a.maxTokens());
        st.setInt(8, a.maxLeverage());
        st.setBoolean(9, a.active());
    }

    private static void deactivateUndeclared(Connection c, List<AccountSettings> declared) throws SQLException {
        List<String> names = declared.stream().map(AccountSettings::name).toList();
        try (PreparedStatement all = c.prepareStatement("SELECT id, name FROM accounts WHERE active = TRUE");
                ResultSet rs = all.executeQuery()) {
            List<Long> stale = new ArrayList<>();
            while (rs.next()) {
                if (!names.contains(rs.getString(2))) {
                    stale.add(rs.getLong(1));
                }
            }
            for (Long id : stale) {
                try (PreparedStatement off = c.prepareStatement("UPDATE accounts SET active = FALSE WHERE id = ?")) {
                    off.setLong(1, id);
                    off.executeUpdate();
                }
            }
        }
    }
}
