package dev.deletionjobs.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The service's own settings, under {@code personalize.*}; docs/configuration.md lists each with its environment variable and
 * default.
 */
@ConfigMapping(prefix = "personalize")
public interface PersonalizeConfig {

    /** The 12-digit account every caller acts in when authentication is off (personalize.auth.mode=none). */
    @WithDefault("000000000000")
    String accountId();

    /** The region that every job's ARN names. */
    @WithDefault("us-east-1")
    String region();

    Store store();

    Jobs jobs();

    Pagination pagination();

    Worker worker();

    S3 s3();

    Sts sts();

    Metrics metrics();

    Log log();

    Auth auth();

    Http http();

    interface Auth {

        /**
         * {@code sigv4}: callers sign their requests and act in their key's account; {@code none}: no checks, which
         * outside dev and tests needs the embedded store or {@link #allowUnauthenticated()}.
         */
        @WithDefault("sigv4")
        AuthMode mode();

        /** Lets {@code mode=none} serve a deployment with a real store; it says so in a warning at every start. */
        @WithDefault("false")
        boolean allowUnauthenticated();

        /** Access keys, each under a name of its own: the name is a label, never a secret. */
        Map<String, Identity> identities();

        /** GraphQL API keys, sent in {@code x-api-key}, each under a name of its own. */
        Map<String, ApiKey> apiKeys();
    }

    enum AuthMode {
        NONE,
        SIGV4
    }

    interface Identity {

        String accessKeyId();

        String secretAccessKey();

        /** The 12-digit account the key acts in. */
        String accountId();

        /** The regions the key may use; all when empty. */
        Optional<List<String>> regions();
    }

    interface ApiKey {

        String key();

        /** The 12-digit account the key acts in. */
        String accountId();

        /** The region the key acts in; the service's {@code personalize.region} when absent. */
        Optional<String> region();
    }

    interface Store {

        /** Which database keeps the jobs; the other one is never connected to. */
        @WithDefault("mongodb")
        StoreKind kind();

        /**
         * Run the store in-process instead of connecting to one (dev, tests, local runs): a MongoDB-wire server, or
         * PostgreSQL's own binaries.
         */
        @WithDefault("false")
        boolean embedded();

        /** Where the embedded store keeps its files when its backend is {@code persistent}. */
        @WithDefault("data/")
        String embeddedPath();

        /** {@code persistent} keeps jobs under the path across restarts; {@code memory} forgets them at shutdown. */
        @WithDefault("persistent")
        EmbeddedBackend embeddedBackend();

        Mongodb mongodb();
    }

    interface Mongodb {

        /**
         * How long MongoDB may work on one read of the service ({@code maxTimeMS}) before it ends it itself: below
         * the driver's read timeout, so nothing goes on in the server for a call already answered.
         */
        @WithDefault("4s")
        Duration maxTime();
    }

    enum StoreKind {
        MONGODB,
        POSTGRESQL
    }

    enum EmbeddedBackend {
        PERSISTENT,
        MEMORY,
        /** The former name of {@code persistent} (the MongoDB-wire server's H2 files), accepted for one release. */
        @Deprecated
        H2
    }

    interface Pagination {

        /** The HMAC key of pagination tokens; replicas that share it continue each other's listings. */
        Optional<String> tokenSecret();

        /** How long a pagination token stays valid after it is issued. */
        @WithDefault("24h")
        Duration tokenTtl();
    }

    interface Jobs {

        /**
         * How many jobs one account may have waiting or running (PENDING or IN_PROGRESS), over all its regions (any
         * name of a region's shape is one); a create beyond it is refused with LimitExceededException, so no caller can
         * grow the queue and the store without bound. 0 turns the quota off (a trusted single tenant, the benchmark's
         * seeding): no create counts then.
         */
        @WithDefault("1000")
        int maxWaitingPerAccount();

        /**
         * How many finished jobs (COMPLETED or FAILED) one account keeps, over all its regions: as its jobs finish,
         * the worker deletes the account's finished jobs beyond the ones that finished last, so that the history, and
         * with it the store, a count and a listing of the account, stay bounded however many jobs it runs. 0 keeps
         * them all.
         */
        @WithDefault("10000")
        int maxFinishedPerAccount();
    }

    interface Worker {

        /** Run jobs in this replica. Every replica may: claims are atomic, and leases cover a replica that dies. */
        @WithDefault("true")
        boolean enabled();

        /** How often an idle worker looks for a PENDING job. */
        @WithDefault("1s")
        Duration pollInterval();

        /** How many jobs this replica runs at once. */
        @WithDefault("2")
        int parallelism();

        /** How long a claim holds without renewal; a job whose replica died is claimed again after it. */
        @WithDefault("60s")
        Duration lease();

        /** How many jobs of one account run at once across the whole fleet, so one account cannot take every slot. */
        @WithDefault("2")
        int maxRunningPerAccount();

        /** How many claims a job gets; one whose worker stopped answering that often is FAILED instead. */
        @WithDefault("3")
        int maxAttempts();

        /** How long a stopping replica waits for its running jobs before handing them back as PENDING. */
        @WithDefault("20s")
        Duration drainTimeout();

        /** Connect timeout, and the longest wait for the next bytes of a data source. */
        @WithDefault("30s")
        Duration readTimeout();

        /** The largest data source a job reads, all files together; a larger one fails the job. */
        @WithDefault("1G")
        MemorySize maxInputSize();

        /** How long one job may run; a job still running then is stopped and fails. */
        @WithDefault("15m")
        Duration jobTimeout();

        /**
         * Read data sources on loopback, private (RFC 1918, 100.64/10) and unique-local addresses: for on-premises
         * setups only. Link-local (cloud metadata), multicast and unspecified addresses are never read.
         */
        @WithDefault("false")
        boolean allowPrivateSources();

        /**
         * The ports a job reads a public address on (HTTP's and HTTPS's); addresses that allow-private-sources opens
         * are read on any port. Any port would let jobs tell which ports of a host are open, and send requests to
         * services that are no web servers.
         */
        @WithDefault("80,443")
        Set<Integer> publicSourcePorts();

        /** The heap one job may use to count distinct ids; beyond it, ids are spilled to sorted files and merged. */
        @WithDefault("16M")
        MemorySize memoryBudget();

        /** Where a job spills ids beyond its memory budget (at most max-input-size per running job). */
        Optional<Path> spillDirectory();
    }

    interface Http {

        /**
         * How long a request may take to send its body, from its arrival: a client that sends a byte now and then
         * holds a connection and a buffer no longer than this.
         */
        @WithDefault("10s")
        Duration bodyTimeout();

        /**
         * How long a stopping replica lets the API's requests in flight finish before it closes the HTTP server;
         * meanwhile every answer says {@code Connection: close}.
         */
        @WithDefault("10s")
        Duration stopTimeout();

        /**
         * How many bytes of answers a replica may be working on at once, of both interfaces, each counted at its
         * longest (a GraphQL operation's as for {@link Graphql#maxAnswerLength}, an AWS operation's from its members'
         * bounds) from the moment it starts until it is built, then at its length until it has been sent: what bounds
         * the heap that answers take together, read or not. An operation that does not fit is refused
         * (LimitExceededException on GraphQL, ThrottlingException on AWS).
         */
        @WithDefault("72000000")
        long maxAnswerLengthInFlight();

        /**
         * How much of {@link #maxAnswerLengthInFlight} one account's answers may hold at once, counted the same way:
         * an account whose clients do not read their answers keeps no more, and the others keep the rest. At least
         * {@link Graphql#maxAnswerLength} and the longest AWS answer, at most the whole; by default the whole less one
         * longest answer.
         */
        @WithDefault("36000000")
        long maxAnswerLengthInFlightPerAccount();
    }

    interface Metrics {

        /** How often the jobs-by-status gauges are recounted: a count per status, never at scrape time. */
        @WithDefault("15s")
        Duration jobCountInterval();
    }

    interface Log {

        /**
         * How long a console line of INFO or below may wait to be written together with the lines after it: one
         * {@code write} for up to 4 KiB of lines instead of one a line, as an API call writes one. A WARN or above
         * is written at once, after the lines before it. Zero writes every line at once.
         */
        @WithDefault("250ms")
        Duration consoleBatchInterval();
    }

    interface S3 {

        /** An S3-compatible endpoint for s3:// data sources (e.g. http://minio:9000); without it they fail. */
        Optional<URI> endpoint();

        /** The region the S3 client signs for. */
        @WithDefault("us-east-1")
        String region();

        /** Static credentials for the endpoint; without them the AWS SDK's default chain is used. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Path-style addressing (http://host/bucket/key), which most S3-compatible servers need. */
        @WithDefault("true")
        boolean pathStyle();

        /**
         * Read s3:// sources under the job's roleArn (STS AssumeRole, external id the job's account id) instead of
         * this service's own credentials, which then only assume roles.
         */
        @WithDefault("false")
        boolean assumeJobRole();
    }

    interface Sts {

        /** An STS-compatible endpoint for assuming job roles; without it, the region's AWS STS endpoint. */
        Optional<URI> endpoint();
    }

    Graphql graphql();

    /** Limits a GraphQL document must keep to, checked before any field runs (docs/limits.md). */
    interface Graphql {

        /** The longest document, in characters, checked before it is parsed. */
        @WithDefault("16384")
        int maxDocumentLength();

        /** How deeply fields may nest; the GraphiQL introspection query needs 13. */
        @WithDefault("15")
        int maxDepth();

        /** How many fields (aliases included) one operation may ask for at its root. */
        @WithDefault("20")
        int maxRootFields();

        /** The most an operation may cost: a point per value built, a connection's items at its first or last. */
        @WithDefault("500000")
        int maxComplexity();

        /**
         * The longest answer an operation may have, in bytes of UTF-8, computed before it runs from the longest value
         * of each field it asks for: points count values, and one value may be 1,024 bytes long (256 letters beyond
         * the BMP).
         */
        @WithDefault("36000000")
        long maxAnswerLength();

        /** Live updates: subscriptions over WebSocket (docs/graphql.md). */
        Subscriptions subscriptions();
    }

    /** GraphQL subscriptions, over WebSocket with the graphql-transport-ws protocol. */
    interface Subscriptions {

        /** Whether {@code /graphql} accepts WebSocket connections, and the replica follows the store's changes. */
        @WithDefault("true")
        boolean enabled();

        /** How many events a subscriber may fall behind before it is ended with LimitExceededException. */
        @WithDefault("256")
        int bufferSize();

        /**
         * How many bytes of changes the replica's subscribers may hold waiting (a change holds its whole job, tags
         * included); an account's share is this times {@code max-per-account} over {@code max-per-replica}. A change
         * that would wait past either ends the subscribers furthest behind with LimitExceededException until it fits.
         */
        @WithDefault("32M")
        MemorySize maxBufferedBytes();

        /** An account's share of {@link #maxBufferedBytes}: as many bytes as it may hold of the replica's places. */
        default long accountShareOfBufferedBytes() {
            long places = Math.max(1, maxPerReplica());
            long ofAccount = Math.max(1, Math.min(maxPerAccount(), places));
            return maxBufferedBytes().asLongValue() / places * ofAccount
                    + maxBufferedBytes().asLongValue() % places * ofAccount / places;
        }

        /** How many subscriptions one connection may hold at once. */
        @WithDefault("16")
        int maxPerConnection();

        /** How many subscriptions one account may hold on a replica at once, over all its connections and regions. */
        @WithDefault("100")
        int maxPerAccount();

        /** How many subscriptions a replica holds at once, for every account: what bounds their memory. */
        @WithDefault("1000")
        int maxPerReplica();

        /**
         * How many WebSockets one account may hold open on a replica at once, over all its regions, counted from their
         * {@code connection_init}'s acknowledgement: one more is closed with 1013.
         */
        @WithDefault("100")
        int maxConnectionsPerAccount();

        /** How long a connection may stay open without an accepted {@code connection_init}. */
        @WithDefault("10s")
        Duration initTimeout();

        /**
         * How often an acknowledged connection is pinged; one that has sent nothing, not even a pong, since the last
         * ping is closed with 1001 at the next.
         */
        @WithDefault("30s")
        Duration pingInterval();

        /**
         * How long a connection's answers may wait unread (its socket's write queue full, nothing read from it
         * meanwhile) before it is closed with 1008.
         */
        @WithDefault("30s")
        Duration writeTimeout();
    }
}
