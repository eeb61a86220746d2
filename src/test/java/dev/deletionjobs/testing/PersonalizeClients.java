package dev.deletionjobs.testing;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * The AWS SDK's Personalize client, unmodified, pointed at the service under test. It never retries, so a test sees
 * every error the service answered as the SDK surfaces it.
 */
public final class PersonalizeClients {

    private PersonalizeClients() {
    }

    /** A client that signs with {@code key} and {@code secret} for {@code region}. */
    public static PersonalizeClient of(URI endpoint, String key, String secret, Region region) {
        return PersonalizeClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.retryPolicy(RetryPolicy.none()))
                .build();
    }

    /** A client for a service without authentication (the test profile's): any key, us-east-1. */
    public static PersonalizeClient unauthenticated(URI endpoint) {
        return of(endpoint, "AKID", "SECRET", Region.US_EAST_1);
    }
}
