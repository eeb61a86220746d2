package dev.deletionjobs.security;

import java.util.Map;

/** {@link SigV4TestProfile}, with a connection given one second to initialise, so a test can wait it out. */
public class WebSocketAuthTestProfile extends SigV4TestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = super.getConfigOverrides();
        config.put("personalize.graphql.subscriptions.init-timeout", "1s");
        return config;
    }
}
