package dev.deletionjobs.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.config.PersonalizeConfig.AuthMode;
import dev.deletionjobs.job.AccountScope;
import io.quarkus.logging.Log;
import io.smallrye.common.vertx.ContextLocals;

/**
 * Who is calling, and so which account and region a request acts in. With {@code personalize.auth.mode=sigv4}
 * the AWS interface requires a SigV4 signature by a configured access key (the account comes from the key, the
 * region from the credential scope), and GraphQL requires either that or a configured API key in
 * {@code x-api-key}, as AWS AppSync does. With {@code none}, every caller acts in the configured account and region.
 */
@Singleton
public class Callers {

    /** The key under which the GraphQL caller's scope rides with the request, across threads. */
    private static final String GRAPHQL_CALLER = "dev.deletionjobs.caller";
    /** An awsJson request signs the operation it names, besides host and x-amz-date. */
    private static final Set<String> AWS_SIGNED_HEADERS = Set.of("x-amz-target");

    private final AuthMode mode;
    private final AccountScope configured;
    private final Map<String, PersonalizeConfig.Identity> identities;
    private final Map<String, AccountScope> apiKeysByDigest;
    private final SigV4Verifier verifier;

    Callers(PersonalizeConfig config, Clock clock) {
        this.mode = effectiveMode(config);
        this.configured = new AccountScope(config.accountId(), config.region());
        this.identities = config.auth().identities().values().stream()
                .collect(Collectors.toUnmodifiableMap(PersonalizeConfig.Identity::accessKeyId, identity -> identity));
        // Keys are looked up by SHA-256 digest: lookup time reveals nothing of a key, and no key is kept as given.
        this.apiKeysByDigest = config.auth().apiKeys().values().stream().collect(Collectors.toUnmodifiableMap(
                key -> digest(key.key()),
                key -> new AccountScope(key.accountId(), key.region().orElse(config.region()))));
        this.verifier = new SigV4Verifier(clock);
    }

    /** The AWS interface: the scope of a correctly signed request; the configured one without authentication. */
    public AccountScope authenticateAws(SignedRequest request) {
        if (mode == AuthMode.NONE) {
            return configured;
        }
        // The target is signed too: a signature cannot be replayed for another operation.
        return bySignature(request, AWS_SIGNED_HEADERS);
    }

    /**
     * GraphQL: the scope of a request with a configured API key or a SigV4 signature, remembered for the request's
     * resolvers ({@link #graphQLCaller()}).
     *
     * @throws AuthenticationException when the request has neither, or a wrong one
     */
    public AccountScope authenticateGraphQL(SignedRequest request) {
        AccountScope scope = graphQLScopeOf(request);
        actAsGraphQLCaller(scope);
        return scope;
    }

    /**
     * A GraphQL WebSocket's caller, from its {@code connection_init} payload, as AWS AppSync's real-time endpoint
     * takes it: the headers a query would carry ({@code x-api-key}, or SigV4's {@code authorization},
     * {@code x-amz-date} and the signed {@code host}), the signature being that of {@code POST /graphql/connect}
     * with the body {@code {}}. Header names are case-insensitive, so two names that differ in case only are one
     * header given twice, refused as over HTTP; values that are no strings count as absent.
     *
     * @throws AuthenticationException when the payload has neither, or a wrong one
     */
    public AccountScope authenticateGraphQLConnection(Map<String, ?> payload) {
        Map<String, List<String>> headers = new HashMap<>();
        payload.forEach((name, value) -> {
            if (value instanceof String text) {
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), lower -> new ArrayList<>(1)).add(text);
            }
        });
        return graphQLScopeOf(new SignedRequest("POST", "/graphql/connect", "", headers,
                "{}".getBytes(StandardCharsets.UTF_8)));
    }

    /** Makes {@code scope} the caller of the GraphQL operation about to run on the current (duplicated) context. */
    public void actAsGraphQLCaller(AccountScope scope) {
        ContextLocals.put(GRAPHQL_CALLER, scope);
    }

    private AccountScope graphQLScopeOf(SignedRequest request) {
        if (mode == AuthMode.NONE) {
            return configured;
        }
        if (request.header("x-api-key") != null) {
            if (request.repeats("x-api-key")) {
                throw AuthenticationException.unrecognizedClient();
            }
            return Optional.ofNullable(apiKeysByDigest.get(digest(request.header("x-api-key"))))
                    .orElseThrow(AuthenticationException::unrecognizedClient);
        }
        return bySignature(request, Set.of());
    }

    /** The scope the current GraphQL request was authenticated for. */
    public AccountScope graphQLCaller() {
        return ContextLocals.<AccountScope> get(GRAPHQL_CALLER).orElseThrow(() -> new IllegalStateException(
                "GraphQL request without an authenticated caller"));
    }

    /**
     * {@code sigv4} unless configured otherwise, or unless the store is embedded and no caller is configured: that is
     * a local run by construction (one process, its jobs in it), which {@code java -jar} must serve as it is.
     */
    private static AuthMode effectiveMode(PersonalizeConfig config) {
        PersonalizeConfig.Auth auth = config.auth();
        if (auth.mode() == AuthMode.SIGV4 && config.store().embedded() && auth.identities().isEmpty()
                && auth.apiKeys().isEmpty()) {
            Log.warn("No callers are configured (personalize.auth.identities): this local run with the embedded"
                    + " store accepts unauthenticated requests in the configured account");
            return AuthMode.NONE;
        }
        return auth.mode();
    }

    /**
     * Refuses an awsJson request whose head already shows it cannot authenticate (no signature, an unknown key, a
     * date out of range), so that its body, up to a megabyte, is never read for a caller without a key.
     *
     * @throws AuthenticationException as {@link #authenticateAws} would for such a request
     */
    public void checkAwsHead(SignedRequest head) {
        if (mode != AuthMode.NONE) {
            signer(head, AWS_SIGNED_HEADERS);
        }
    }

    /**
     * Refuses a GraphQL POST whose head already shows it cannot authenticate: a wrong API key, or a signature that
     * {@link #checkAwsHead} would refuse; its body is never read.
     *
     * @throws AuthenticationException as {@link #authenticateGraphQL} would for such a request
     */
    public void checkGraphQLHead(SignedRequest head) {
        if (mode == AuthMode.NONE) {
            return;
        }
        if (head.header("x-api-key") != null) {
            graphQLScopeOf(head);
        } else {
            signer(head, Set.of());
        }
    }

    private AccountScope bySignature(SignedRequest request, Set<String> requiredHeaders) {
        Signer signer = signer(request, requiredHeaders);
        verifier.verify(request, signer.authorization(), signer.identity().secretAccessKey(), requiredHeaders);
        PersonalizeConfig.Identity identity = signer.identity();
        List<String> regions = identity.regions().orElse(List.of());
        if (!regions.isEmpty() && !regions.contains(signer.authorization().region())) {
            throw AuthenticationException.accessDenied("The access key " + identity.accessKeyId()
                    + " is not authorized to use region " + signer.authorization().region() + ".");
        }
        return new AccountScope(identity.accountId(), signer.authorization().region());
    }

    /** Who a signed request says signed it, and how: its head checked, its body and signature not yet. */
    private record Signer(PersonalizeConfig.Identity identity, SigV4Verifier.Authorization authorization) {
    }

    private Signer signer(SignedRequest request, Set<String> requiredHeaders) {
        String header = request.header("authorization");
        if (header == null || header.isBlank()) {
            throw AuthenticationException.missingToken();
        }
        if (request.repeats("authorization")) {
            // Only the first would count here; a proxy in front may have judged the other.
            throw AuthenticationException.incomplete("The request carries more than one Authorization header: send"
                    + " one.");
        }
        SigV4Verifier.Authorization authorization = SigV4Verifier.parse(header);
        PersonalizeConfig.Identity identity = identities.get(authorization.accessKeyId());
        if (identity == null) {
            throw AuthenticationException.unrecognizedClient();
        }
        List<String> regions = identity.regions().orElse(List.of());
        // The region goes into every ARN the caller makes: one the key lists, or one shaped like AWS's.
        if (!regions.contains(authorization.region()) && !AccountScope.isRegionName(authorization.region())) {
            throw AuthenticationException.invalidSignature("Credential should be scoped to a valid region.");
        }
        verifier.checkHead(request, authorization, requiredHeaders);
        return new Signer(identity, authorization);
    }

    private static String digest(String key) {
        return SigV4Verifier.sha256(key.getBytes(StandardCharsets.UTF_8));
    }
}
