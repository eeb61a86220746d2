package dev.deletionjobs.security;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** SigV4 on, with two accounts' keys, a key confined to one region, and a GraphQL API key per account. */
public class SigV4TestProfile implements QuarkusTestProfile {

    static final String ALICE_KEY = "AKIDALICE00000000001";
    static final String ALICE_SECRET = "alice-secret-access-key-0123456789abcdef";
    static final String ALICE_ACCOUNT = "111111111111";
    static final String BOB_KEY = "AKIDBOB0000000000002";
    static final String BOB_SECRET = "bob-secret-access-key-0123456789abcdefgh";
    static final String BOB_ACCOUNT = "222222222222";
    static final String CAROL_KEY = "AKIDCAROL00000000003";
    static final String CAROL_SECRET = "carol-secret-access-key-0123456789abcdef";
    static final String ALICE_API_KEY = "da2-alice-dashboard-key-0123456789abcdef";
    static final String BOB_API_KEY = "da2-bob-dashboard-key-0123456789abcdefgh";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("personalize.auth.mode", "sigv4");
        identity(config, "alice", ALICE_KEY, ALICE_SECRET, ALICE_ACCOUNT);
        identity(config, "bob", BOB_KEY, BOB_SECRET, BOB_ACCOUNT);
        identity(config, "carol", CAROL_KEY, CAROL_SECRET, "333333333333");
        config.put("personalize.auth.identities.carol.regions", "eu-west-1,eu-central-1");
        config.put("personalize.auth.api-keys.alice-dashboard.key", ALICE_API_KEY);
        config.put("personalize.auth.api-keys.alice-dashboard.account-id", ALICE_ACCOUNT);
        config.put("personalize.auth.api-keys.bob-dashboard.key", BOB_API_KEY);
        config.put("personalize.auth.api-keys.bob-dashboard.account-id", BOB_ACCOUNT);
        return config;
    }

    private static void identity(Map<String, String> config, String name, String key, String secret,
            String account) {
        config.put("personalize.auth.identities." + name + ".access-key-id", key);
        config.put("personalize.auth.identities." + name + ".secret-access-key", secret);
        config.put("personalize.auth.identities." + name + ".account-id", account);
    }
}
