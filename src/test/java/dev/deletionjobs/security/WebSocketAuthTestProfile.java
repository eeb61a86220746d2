package dev.deletionjobs.security;

import java.util.Map;

/** {@link SigV4TestProfile}, with a connection given five seconds to initialise (not 10), so a test can wait it out. */
public class WebSocketAuthTestProfile extends SigV4TestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = super.getConfigOverrides();
        config.put("personalize.graphql.subscriptions.init-timeout", "5s");
        return config;
    }
}
