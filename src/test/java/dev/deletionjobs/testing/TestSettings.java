package dev.deletionjobs.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.deletionjobs.config.PersonalizeConfig;
import io.quarkus.runtime.configuration.MemorySize;

/** Settings for tests that build the service's parts by hand: the defaults, with the fields a test changes. */
public final class TestSettings implements PersonalizeConfig {

    public String accountId = "000000000000";
    public String region = "us-east-1";
    public StoreKind storeKind = StoreKind.MONGODB;
    public boolean embedded = true;
    public String tokenSecret;
    public boolean workerEnabled = true;
    public Duration pollInterval = Duration.ofMillis(100);
    public int parallelism = 2;
    public Duration lease = Duration.ofSeconds(60);
    public int maxRunningPerAccount = 2;
    public int maxAttempts = 3;
    public Duration drainTimeout = Duration.ofSeconds(20);
    public Duration readTimeout = Duration.ofSeconds(30);
    public long maxInputSize = 1L << 30;
    public Duration jobTimeout = Duration.ofMinutes(15);
    public boolean allowPrivateSources = true;
    public long memoryBudget = 16L << 20;
    public java.nio.file.Path spillDirectory;
    public URI s3Endpoint;
    public boolean assumeJobRole;
    public URI stsEndpoint;
    public AuthMode authMode = AuthMode.NONE;
    public boolean allowUnauthenticated;
    public Map<String, Identity> identities = Map.of();

    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public Store store() {
        return new Store() {
            @Override
            public StoreKind kind() {
                return storeKind;
            }

            @Override
            public boolean embedded() {
                return embedded;
            }

            @Override
            public String embeddedPath() {
                return "data/";
            }

            @Override
            public EmbeddedBackend embeddedBackend() {
                return EmbeddedBackend.MEMORY;
            }
        };
    }

    @Override
    public Pagination pagination() {
        return new Pagination() {
            @Override
            public Optional<String> tokenSecret() {
                return Optional.ofNullable(tokenSecret);
            }

            @Override
            public Duration tokenTtl() {
                return Duration.ofHours(24);
            }
        };
    }

    @Override
    public Worker worker() {
        return new Worker() {
            @Override
            public boolean enabled() {
                return workerEnabled;
            }

            @Override
            public Duration pollInterval() {
                return pollInterval;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public Duration lease() {
                return lease;
            }

            @Override
            public int maxRunningPerAccount() {
                return maxRunningPerAccount;
            }

            @Override
            public int maxAttempts() {
                return maxAttempts;
            }

            @Override
            public Duration drainTimeout() {
                return drainTimeout;
            }

            @Override
            public Duration readTimeout() {
                return readTimeout;
            }

            @Override
            public MemorySize maxInputSize() {
                return new MemorySize(java.math.BigInteger.valueOf(maxInputSize));
            }

            @Override
            public Duration jobTimeout() {
                return jobTimeout;
            }

            @Override
            public boolean allowPrivateSources() {
                return allowPrivateSources;
            }

            @Override
            public MemorySize memoryBudget() {
                return new MemorySize(java.math.BigInteger.valueOf(memoryBudget));
            }

            @Override
            public Optional<java.nio.file.Path> spillDirectory() {
                return Optional.ofNullable(spillDirectory);
            }
        };
    }

    @Override
    public Auth auth() {
        return new Auth() {
            @Override
            public AuthMode mode() {
                return authMode;
            }

            @Override
            public boolean allowUnauthenticated() {
                return allowUnauthenticated;
            }

            @Override
            public Map<String, Identity> identities() {
                return identities;
            }

            @Override
            public Map<String, ApiKey> apiKeys() {
                return Map.of();
            }
        };
    }

    @Override
    public Metrics metrics() {
        return () -> Duration.ofSeconds(15);
    }

    @Override
    public S3 s3() {
        return new S3() {
            @Override
            public Optional<URI> endpoint() {
                return Optional.ofNullable(s3Endpoint);
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Optional<String> accessKeyId() {
                return Optional.of("test-access-key");
            }

            @Override
            public Optional<String> secretAccessKey() {
                return Optional.of("test-secret-key");
            }

            @Override
            public boolean pathStyle() {
                return true;
            }

            @Override
            public boolean assumeJobRole() {
                return assumeJobRole;
            }
        };
    }

    /** The GraphQL limits as they are by default: read from the real mapping, not copied. */
    @Override
    public Graphql graphql() {
        return defaults().graphql();
    }

    /** The real mapping with nothing set: every {@code @WithDefault} as the service would read it. */
    public static PersonalizeConfig defaults() {
        return PersonalizeSettings.with(Map.of());
    }

    @Override
    public Sts sts() {
        return () -> Optional.ofNullable(stsEndpoint);
    }
}
