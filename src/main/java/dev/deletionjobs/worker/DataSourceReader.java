package dev.deletionjobs.worker;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.http.Header;
import org.apache.http.HttpConnectionMetrics;
import org.apache.http.HttpEntity;
import org.apache.http.HttpException;
import org.apache.http.HttpResponse;
import org.apache.http.MessageConstraintException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.ProtocolException;
import org.apache.http.client.ClientProtocolException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.MessageConstraints;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.DefaultHttpResponseParser;
import org.apache.http.impl.conn.ManagedHttpClientConnectionFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.io.SessionInputBuffer;
import org.apache.http.util.CharArrayBuffer;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.error.Causes;
import io.quarkus.logging.Log;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Streams a job's data source and counts its distinct user ids: {@code http://} and {@code https://} locations
 * directly (only where {@link SourceGuard} allows, redirects re-checked at every hop), {@code s3://bucket/key}
 * through the configured S3-compatible endpoint, where a location ending in {@code /} means every object under that
 * prefix. Transient failures are retried with backoff inside the job's deadline, and the deadline cuts off any read.
 * Every failure becomes an {@link InputProblem} that names the location, the rule and what to do; none quotes what
 * the source sent or what the network stack said.
 */
@Singleton
public class DataSourceReader {

    static final int MAX_REDIRECTS = 3;
    static final int ATTEMPTS = 4;
    /** The most files one {@code s3://} folder location may hold; each is a GET and a key held until it is read. */
    static final int MAX_FOLDER_FILES = 10_000;
    /**
     * The most objects a folder's listing goes through, markers and empty objects included: a hundred pages of S3's
     * thousand, seconds of listing, where a folder of millions of markers would keep a job listing until its timeout.
     */
    static final int MAX_FOLDER_OBJECTS = 10 * MAX_FOLDER_FILES;
    private static final int MAX_HEADER_LINE = 8192;
    private static final int MAX_HEADERS = 100;
    /** Interim (1xx) answers one request may get before its final one; CDNs send at most a 103 Early Hints. */
    private static final int MAX_INTERIM_RESPONSES = 10;
    /** Lines that are no status line (a stray line break after the last body) tolerated before one. */
    private static final int MAX_LINES_BEFORE_STATUS = 10;
    /** How an s3:// location is written, for a location that is not. */
    private static final String S3_FORM = "write it as s3://bucket/key, or s3://bucket/folder/ for every file under a"
            + " folder.";
    /** How the alias of an S3 on Outposts access point ends, which the S3 SDK's endpoint rules tell by it. */
    private static final String OUTPOSTS_ALIAS_SUFFIX = "--op-s3";
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 4_000;
    private static final String ALLOW_PRIVATE = "personalize.worker.allow-private-sources"
            + " (PERSONALIZE_WORKER_ALLOW_PRIVATE_SOURCES)";
    private static final String PUBLIC_PORTS = "personalize.worker.public-source-ports"
            + " (PERSONALIZE_WORKER_PUBLIC_SOURCE_PORTS)";

    private final Duration readTimeout;
    private final long maxInputSize;
    private final long memoryBudget;
    private final SpillFolder spillFolder;
    private final SourceGuard guard;
    private final CloseableHttpClient http;
    private final S3Client s3;
    private final StsClient sts;
    private final ScheduledExecutorService watchdog;

    @Inject
    DataSourceReader(PersonalizeConfig config) {
        this(config, new SourceGuard(config.worker().allowPrivateSources(), config.worker().publicSourcePorts()));
    }

    /** A reader behind another guard: tests tell two loopback addresses apart with one. */
    DataSourceReader(PersonalizeConfig config, SourceGuard guard) {
        PersonalizeConfig.Worker worker = config.worker();
        this.readTimeout = worker.readTimeout();
        this.maxInputSize = worker.maxInputSize().asLongValue();
        this.memoryBudget = worker.memoryBudget().asLongValue();
        this.spillFolder = SpillFolder.under(worker.spillDirectory().orElse(Path.of(System.getProperty(
                "java.io.tmpdir"))));
        this.guard = guard;
        this.http = httpClient(guard, readTimeout, worker.parallelism());
        // The S3 endpoint is the operator's, not the tenant's (who names only bucket and key): the guard stays off it.
        this.s3 = config.s3().endpoint().map(endpoint -> s3Client(config.s3(), endpoint, readTimeout)).orElse(null);
        this.sts = config.s3().assumeJobRole() ? stsClient(config, readTimeout) : null;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "job-deadline-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The number of distinct user ids at {@code location}, read for {@code access} before {@code deadline}. */
    public int countUserIds(String location, SourceAccess access, JobDeadline deadline) throws InputProblem {
        ScheduledFuture<?> alarm = watchdog.schedule(deadline::cutOff, deadline.remaining().toNanos(),
                TimeUnit.NANOSECONDS);
        try (DistinctIds ids = new DistinctIds(memoryBudget, spillFolder.path(), maxInputSize)) {
            Budget budget = new Budget(deadline);
            if (location.startsWith("s3://")) {
                readS3(location, access, ids, budget, deadline);
            } else {
                readHttp(location, ids, budget, deadline);
            }
            if (deadline.passed()) {
                throw new DeadlinePassed();
            }
            long count = ids.count();
            // What counting cost, to size memory-budget and the spill volume from real jobs.
            Log.debugf("Counted %d distinct ids: %d sorted runs, %d bytes spilled, at most %d bytes of heap", count,
                    ids.runCount(), ids.spilledBytes(), ids.peakFootprintBytes());
            return numDeleted(location, count);
        } catch (InputProblem problem) {
            // A read cut off mid-line can look like a bad row; the deadline is the truth.
            throw deadline.passed() ? timedOut(location, deadline) : problem;
        } catch (IOException e) {
            throw deadline.passed() ? timedOut(location, deadline) : readFailure(location, e);
        } finally {
            alarm.cancel(false);
            deadline.release();
        }
    }

    private void readHttp(String location, DistinctIds ids, Budget budget, JobDeadline deadline)
            throws IOException, InputProblem {
        URI uri = httpUri(location);
        for (int hop = 0;; hop++) {
            HttpGet get = new HttpGet(uri);
            HttpClientContext context = HttpClientContext.create();
            CloseableHttpResponse response = fetch(get, context, location, hop, deadline);
            try {
                int status = response.getStatusLine().getStatusCode();
                if (status / 100 == 3) {
                    Header target = response.getFirstHeader("Location");
                    if (target == null) {
                        throw new InputProblem("The data source " + location + " could not be read: its server"
                                + " redirects without saying where; serve the file itself.");
                    }
                    if (hop == MAX_REDIRECTS) {
                        throw new InputProblem("The data source " + location + " redirects more than "
                                + MAX_REDIRECTS + " times, the most a job follows; give the file's final location.");
                    }
                    uri = redirectTarget(uri, target.getValue(), location);
                    continue;
                }
                failOnStatus(status, location);
                // A 204 or 205 comes without a body at all: an empty file, the owner's to fix.
                HttpEntity entity = response.getEntity();
                // Not closed here: closing Apache's content stream reads the rest of the body to keep the connection,
                // endless for a hostile source; response.close() below discards the connection instead.
                UserIdCsv.read(entity == null ? budget.limit(InputStream.nullInputStream(), null)
                        : budget.limit(entity.getContent(), wireOf(context)), location, ids);
                return;
            } finally {
                deadline.release();
                get.abort();
                response.close();
            }
        }
    }

    /** The counters of the connection a response came on, or null once the deadline cut it (the read then says so). */
    private static HttpConnectionMetrics wireOf(HttpClientContext context) {
        try {
            return context.getConnection().getMetrics();
        } catch (IllegalStateException cutOff) {
            return null;
        }
    }

    /** One GET, retried while it fails transiently (a reset connection, 5xx, 429) and the deadline allows. */
    private CloseableHttpResponse fetch(HttpGet get, HttpClientContext context, String location, int hop,
            JobDeadline deadline)
            throws IOException, InputProblem {
        for (int attempt = 1;; attempt++) {
            HttpGet request = attempt == 1 ? get : new HttpGet(get.getURI());
            deadline.guard(request::abort);
            CloseableHttpResponse response;
            try {
                response = http.execute(request, context);
            } catch (SourceGuard.Refused refused) {
                throw refused.named ? namedHostRefused(location, hop) : refusal(location, hop, refused.range);
            } catch (UnknownHostException e) {
                throw namedHostRefused(location, hop);
            } catch (SourceGuard.PortRefused refused) {
                throw portRefused(location, hop, refused.port);
            } catch (IOException e) {
                if (deadline.passed() || attempt == ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                pause(attempt, deadline, location);
                continue;
            }
            int status = response.getStatusLine().getStatusCode();
            if (isTransient(status)) {
                response.close();
                if (attempt == ATTEMPTS) {
                    throw keptFailing(location);
                }
                pause(attempt, deadline, location);
                continue;
            }
            return response;
        }
    }

    private static URI httpUri(String location) throws InputProblem {
        try {
            URI uri = new URI(location);
            if (isHttpUrl(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Named below, like any other location this service cannot read.
        }
        throw new InputProblem("The data source " + location + " is not a valid location: it must be an s3://,"
                + " http:// or https:// URL.");
    }

    private static URI redirectTarget(URI from, String target, String location) throws InputProblem {
        try {
            URI next = from.resolve(new URI(target));
            if (isHttpUrl(next)) {
                return next;
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Refused below without repeating what the server sent.
        }
        throw new InputProblem("The data source " + location + " redirects to a location that is not an http://"
                + " or https:// URL; give the file's final location.");
    }

    /**
     * The only URLs a job reads over HTTP, whether given or redirected to: http or https, with a host, and a port TCP
     * has (java.net.URI takes any int, which the connect would throw on as a fault of the service's).
     */
    private static boolean isHttpUrl(URI uri) {
        return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null && (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535));
    }

    private static void failOnStatus(int status, String location) throws InputProblem {
        if (status / 100 == 2) {
            return;
        }
        if (status == 404 || status == 410) {
            throw new InputProblem("The data source " + location + " does not exist: its server has no file there;"
                    + " check the location.");
        }
        if (status == 401 || status == 403) {
            throw new InputProblem("The data source " + location + " refuses access: make it readable without"
                    + " credentials (e.g. a presigned URL), or put it in S3.");
        }
        throw new InputProblem("The data source " + location + " could not be read: its server refused the request;"
                + " check that the location is a plain file download.");
    }

    /**
     * {@code count} as the job's {@code numDeleted}, a 32-bit integer in the model: an input of more distinct ids
     * (only possible with {@code max-input-size} over 4 GB) fails rather than report a count wrapped negative.
     */
    static int numDeleted(String location, long count) throws InputProblem {
        if (count > Integer.MAX_VALUE) {
            throw new InputProblem("The data source " + location + " holds " + count + " distinct user ids, more than"
                    + " the " + Integer.MAX_VALUE + " a job can report; split it into several jobs.");
        }
        return (int) count;
    }

    /**
     * Whether a bucket or key has a {@code .} or {@code ..} segment. The SDK sends them as they are (it encodes every
     * other character that matters), and a gateway or proxy that normalises paths would take the request to another
     * path on the endpoint's host, signed with this service's credentials; S3 itself reads them literally.
     */
    static boolean hasDotSegment(String name) {
        for (String segment : name.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private void readS3(String location, SourceAccess access, DistinctIds ids, Budget budget, JobDeadline deadline)
            throws IOException, InputProblem {
        if (s3 == null) {
            throw new InputProblem("The data source " + location + " is in S3, and this service reads s3:// locations"
                    + " only through an S3-compatible endpoint: set personalize.s3.endpoint (PERSONALIZE_S3_ENDPOINT).");
        }
        String path = location.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        if (bucket.isEmpty()) {
            // The SDK would refuse it as a client fault, which reads like an endpoint that is down.
            throw new InputProblem("The data source " + location + " names no bucket: " + S3_FORM);
        }
        if (bucket.startsWith("arn:")) {
            // No bucket name holds a colon; the SDK would resolve an access point's ARN, or refuse it as a client fault.
            throw new InputProblem("The data source " + location + " names an ARN where its bucket should be: "
                    + S3_FORM);
        }
        if (bucket.endsWith(OUTPOSTS_ALIAS_SUFFIX)) {
            // The SDK takes such a name, when it is long enough to hold an Outpost's id, for an Outposts access point:
            // it refuses it, or asks another host (the bucket as a subdomain of the endpoint's) for it, before any
            // request, a client fault that read like an endpoint that is down, with a WARN at every job. Every name
            // with the suffix is refused, so the rule does not hang on the SDK's own.
            throw new InputProblem("The data source " + location + " names a bucket ending in " + OUTPOSTS_ALIAS_SUFFIX
                    + ", the suffix of S3 on Outposts access points' aliases, which this service does not read: give"
                    + " another bucket's name.");
        }
        if (hasDotSegment(bucket) || hasDotSegment(key)) {
            throw new InputProblem("The data source " + location + " names a bucket or key with a . or .. segment,"
                    + " which a proxy in front of the endpoint could resolve to another path: " + S3_FORM);
        }
        Consumer<AwsRequestOverrideConfiguration.Builder> options = requestOptions(location, access, deadline);
        try {
            boolean folder = key.isEmpty() || key.endsWith("/");
            List<String> keys = folder ? listFiles(bucket, key, location, options, deadline) : List.of(key);
            for (String object : keys) {
                if (hasDotSegment(object)) {
                    // The listing is the bucket owner's to write: its keys go through the same door as the job's.
                    throw new InputProblem("The file s3://" + bucket + "/" + object + " of the data source " + location
                            + " has a . or .. segment in its key, which this service does not request.");
                }
                ResponseInputStream<GetObjectResponse> stream;
                try {
                    stream = withRetries(location, deadline, () -> s3.getObject(request -> request.bucket(bucket)
                            .key(object).overrideConfiguration(options)));
                } catch (NoSuchKeyException e) {
                    if (!folder) {
                        throw e;
                    }
                    // Listed a moment ago: the folder is being rewritten under the job, not mistyped.
                    throw new InputProblem("The file s3://" + bucket + "/" + object + " of the data source " + location
                            + " was deleted while the job read it; create the job again once the folder holds its"
                            + " final files.");
                }
                deadline.guard(stream::abort);
                try (InputStream body = budget.limit(stream, null)) {
                    UserIdCsv.read(body, "s3://" + bucket + "/" + object, ids);
                } finally {
                    deadline.release();
                }
            }
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new InputProblem("The data source " + location + " does not exist; check the bucket and key.");
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new InputProblem("The data source " + location + " refuses access: grant "
                        + (sts != null ? "the job's role " + access.roleArn() : "this service's credentials")
                        + " s3:GetObject and s3:ListBucket on it.");
            }
            throw new InputProblem("The data source " + location + " could not be read: S3 refused the request;"
                    + " check the bucket and key.");
        } catch (SdkClientException e) {
            // The endpoint is the operator's, not named by the caller: a refused connection or a name that does not
            // resolve is this service's to fix, and is said so, not as a location to check.
            if (!deadline.passed()) {
                // The job's own deadline cuts its calls too: that is the job's timeout, said as such by the caller.
                Log.warnf("The S3 endpoint failed a read of %s: %s", location, rootCause(e));
            }
            throw new InputProblem("The data source " + location + " could not be read: this service's S3 endpoint"
                    + " could not be reached; create the job again later.");
        }
    }

    /**
     * The objects under a prefix that may hold rows, in key order: not the "folder" markers some tools create (keys
     * ending in {@code /}), nor objects of zero bytes (Spark's and Hadoop's {@code _SUCCESS}, a {@code .keep}), which
     * hold not even a header. At most {@link #MAX_FOLDER_FILES} of them, and at most {@link #MAX_FOLDER_OBJECTS}
     * objects listed in all, so a bucket of millions of files, or of markers, fails after a bounded listing instead of
     * filling the heap or listing until the job's timeout.
     */
    private List<String> listFiles(String bucket, String prefix, String location,
            Consumer<AwsRequestOverrideConfiguration.Builder> options, JobDeadline deadline)
            throws InputProblem, IOException {
        List<String> keys = new ArrayList<>();
        int listed = 0;
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = withRetries(location, deadline, () -> s3.listObjectsV2(
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).continuationToken(continuation)
                            .overrideConfiguration(options).build()));
            for (S3Object object : page.contents()) {
                if (++listed > MAX_FOLDER_OBJECTS) {
                    throw new InputProblem("The data source " + location + " lists more than " + MAX_FOLDER_OBJECTS
                            + " objects, folder markers and empty objects included, the most a job lists in one"
                            + " folder; point the job at the sub-folder that holds the files.");
                }
                boolean empty = object.size() != null && object.size() == 0;
                if (!object.key().endsWith("/") && !empty) {
                    if (keys.size() == MAX_FOLDER_FILES) {
                        throw new InputProblem("The data source " + location + " holds more than " + MAX_FOLDER_FILES
                                + " files, the most a job reads from one folder; split it into several jobs, one per"
                                + " sub-folder, or combine its files.");
                    }
                    keys.add(object.key());
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        if (keys.isEmpty()) {
            throw new InputProblem("The data source " + location + " holds no files (folder markers and empty"
                    + " objects are passed over).");
        }
        return keys;
    }

    /** An S3 call, retried while S3 is throttling or failing (5xx, 429) and the deadline allows. */
    private <T> T withRetries(String location, JobDeadline deadline, Supplier<T> call)
            throws IOException, InputProblem {
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (S3Exception e) {
                if (!(e.isThrottlingException() || isTransient(e.statusCode()))) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw keptFailing(location);
                }
            } catch (SdkClientException e) {
                if (deadline.passed() || attempt == ATTEMPTS || !(e.getCause() instanceof IOException io
                        && isTransient(io))) {
                    throw e;
                }
            }
            pause(attempt, deadline, location);
        }
    }

    /**
     * Each S3 call's options: ended by the deadline, and with assume-job-role, signed with the job's role, assumed
     * here once per job (so a caller can never read with this service's own credentials).
     */
    private Consumer<AwsRequestOverrideConfiguration.Builder> requestOptions(String location, SourceAccess access,
            JobDeadline deadline) throws InputProblem {
        AwsCredentialsProvider role = sts == null ? null : assumeRole(location, access, deadline);
        return options -> {
            options.apiCallTimeout(deadline.remaining().plusMillis(1));
            if (role != null) {
                options.credentialsProvider(role);
            }
        };
    }

    private AwsCredentialsProvider assumeRole(String location, SourceAccess access, JobDeadline deadline)
            throws InputProblem {
        // The external id guards only roles whose trust policy asks for it: a role of another account (the operator's
        // own, say) that trusts this service without one would hand its reads to any caller who names it.
        String roleAccount = access.roleAccountId();
        if (!access.accountId().equals(roleAccount)) {
            throw new InputProblem("The data source " + location + " could not be read: the job's role "
                    + access.roleArn() + " is not a role of the job's account " + access.accountId()
                    + ", and a job reads only under a role of its own account; create the job with one.");
        }
        String fix = "; let this service's principal assume " + access.roleArn() + " with the external id "
                + access.accountId() + ", or create the job with a role that allows it.";
        try {
            // Long enough for the rest of the job, within STS's 15-minute floor and a role's default 1-hour ceiling.
            int seconds = (int) Math.max(900, Math.min(3600, deadline.remaining().toSeconds() + 60));
            Credentials credentials = sts.assumeRole(request -> request.roleArn(access.roleArn())
                    .externalId(access.accountId()).roleSessionName(access.sessionName()).durationSeconds(seconds)
                    .overrideConfiguration(o -> o.apiCallTimeout(deadline.remaining().plusMillis(1))))
                    .credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                    credentials.secretAccessKey(), credentials.sessionToken()));
        } catch (StsException e) {
            throw new InputProblem("The data source " + location + " could not be read: STS refused to let this"
                    + " service assume the job's role" + fix);
        } catch (SdkClientException e) {
            throw new InputProblem("The data source " + location + " could not be read: STS could not be reached"
                    + " to assume the job's role; create the job again later.");
        }
    }

    /** The innermost cause's class and message, for a log line about a failure that is not the caller's. */
    private static String rootCause(Throwable failure) {
        Throwable cause = Causes.root(failure);
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static boolean isTransient(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** A connection the server dropped or reset; not one refused, timed out or refused by the guard. */
    private static boolean isTransient(IOException e) {
        return e instanceof NoHttpResponseException
                || (e instanceof SocketException && !(e instanceof ConnectException));
    }

    /**
     * Exponential backoff with jitter; gives up at once when the pause would outlast the deadline, saying why: the
     * source kept failing, not the reading it never got to.
     */
    private static void pause(int attempt, JobDeadline deadline, String location) throws IOException, InputProblem {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 1));
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        if (millis >= deadline.remaining().toMillis()) {
            throw new InputProblem("The data source " + location + " could not be read: its server was busy or"
                    + " failing until the job had no time left for another attempt; create the job again later.");
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted between attempts");
        }
    }

    private static InputProblem refusal(String location, int hop, SourceGuard.Range range) {
        String where = hop == 0 ? "its host resolves to " : "it redirects to a host that resolves to ";
        String rule = range.privateNetwork
                ? ", and this service reads such addresses only when " + ALLOW_PRIVATE + " is true."
                : ", which this service never reads (" + ALLOW_PRIVATE + " does not open it).";
        return new InputProblem("The data source " + location + " is refused: " + where + range.description + rule);
    }

    /**
     * A host name that does not resolve and one that resolves to an address the guard refuses get the same answer:
     * apart, they would tell a caller which names the cluster's resolver knows (its search domains included) and
     * that they are private, name by name. The address a caller wrote itself is named in {@link #refusal}.
     */
    private static InputProblem namedHostRefused(String location, int hop) {
        String host = hop == 0 ? "its host name" : "it redirects to a host name that";
        return new InputProblem("The data source " + location + " is refused: " + host + " does not resolve, or not to"
                + " an address this service reads from (public ones; private ones only when " + ALLOW_PRIVATE
                + " is true; cloud metadata ones never); check the location.");
    }

    /** A public address on a port jobs do not read (SourceGuard's check at the connect). */
    private InputProblem portRefused(String location, int hop, int port) {
        String where = hop == 0 ? "its host is a public address" : "it redirects to a public address";
        return new InputProblem("The data source " + location + " is refused: " + where + ", which this service reads"
                + " on ports " + guard.publicPorts() + " only, not on port " + port + " (" + PUBLIC_PORTS + "); serve"
                + " the file on one of those.");
    }

    private InputProblem keptFailing(String location) {
        return new InputProblem("The data source " + location + " could not be read: its server was busy or failing"
                + " in all " + ATTEMPTS + " attempts; create the job again later.");
    }

    /** What went wrong on the network, in the service's words: never the network stack's message. */
    private InputProblem readFailure(String location, IOException e) {
        if (e instanceof InputTooLarge) {
            return new InputProblem("The data source " + location + " is larger than " + maxInputSize
                    + " bytes, the most a job reads (personalize.worker.max-input-size); split it into several jobs.");
        }
        if (e instanceof DistinctIds.SpillFull) {
            return new InputProblem("The data source " + location + " needs more spill space than "
                    + maxInputSize + " bytes (personalize.worker.max-input-size); split it into several jobs.");
        }
        // Apache's connect timeout is an InterruptedIOException, not a SocketTimeoutException.
        if (e instanceof ConnectTimeoutException) {
            return new InputProblem("Reading the data source " + location + " timed out: its host did not accept a"
                    + " connection within " + readTimeout.toSeconds() + " seconds (personalize.worker.read-timeout);"
                    + " check the location.");
        }
        if (e instanceof SocketTimeoutException) {
            return new InputProblem("Reading the data source " + location + " timed out: no data arrived for "
                    + readTimeout.toSeconds() + " seconds (personalize.worker.read-timeout).");
        }
        if (e instanceof ConnectException) {
            return new InputProblem("The data source " + location + " could not be read: nothing accepts"
                    + " connections at its host and port; check the location.");
        }
        if (e instanceof SSLException) {
            return new InputProblem("The data source " + location + " could not be read: its TLS certificate or"
                    + " handshake was not accepted; serve it with a certificate a public CA signed.");
        }
        if (e instanceof MessageConstraintException || e instanceof ClientProtocolException) {
            return new InputProblem("The data source " + location + " could not be read: its server's answer is not"
                    + " an HTTP response within this service's limits (" + MAX_HEADERS + " headers of at most "
                    + MAX_HEADER_LINE + " bytes); serve the file from a plain web server or S3.");
        }
        if (e instanceof DistinctIds.SpillFailed) {
            return new InputProblem("The data source " + location + " could not be counted: this service's spill"
                    + " directory failed; create the job again later.");
        }
        return new InputProblem("The data source " + location + " could not be read: the connection failed before"
                + " the file was complete; create the job again later.");
    }

    private static InputProblem timedOut(String location, JobDeadline deadline) {
        return new InputProblem("The job did not finish within " + deadline.describe()
                + " (personalize.worker.job-timeout) while reading " + location
                + "; serve the data source faster or split it into several jobs.");
    }

    @PreDestroy
    void close() {
        watchdog.shutdownNow();
        if (sts != null) {
            sts.close();
        }
        try {
            http.close();
        } catch (IOException e) {
            // Closing idle connections at shutdown: nothing left to do about a failure.
        }
        if (s3 != null) {
            s3.close();
        }
        spillFolder.close();
    }

    // Apache's client, for its DnsResolver: it connects to exactly the addresses the guard checked (no second
    // look-up, unlike java.net.http and HttpURLConnection), and TLS still verifies the host name it was given.
    private static CloseableHttpClient httpClient(SourceGuard guard, Duration timeout, int parallelism) {
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory> create()
                        .register("http", guard.checkingPorts(PlainConnectionSocketFactory.getSocketFactory()))
                        .register("https", guard.checkingPorts(SSLConnectionSocketFactory.getSocketFactory()))
                        .build(),
                new ManagedHttpClientConnectionFactory(ResponseHead::new), null, guard, -1, TimeUnit.MILLISECONDS);
        // A hostile source must not make the client buffer an endless status line or header block.
        connections.setDefaultConnectionConfig(ConnectionConfig.custom().setMessageConstraints(MessageConstraints
                .custom().setMaxLineLength(MAX_HEADER_LINE).setMaxHeaderCount(MAX_HEADERS).build()).build());
        connections.setMaxTotal(Math.max(2, parallelism * 2));
        connections.setDefaultMaxPerRoute(Math.max(2, parallelism));
        int millis = (int) timeout.toMillis();
        return HttpClients.custom()
                .setConnectionManager(connections)
                // No authentication: answering a challenge (with a location's user:password) drains the 401's body
                // inside the client, outside every bound of the read; a 401 fails the job as it is.
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis)
                        .setConnectionRequestTimeout(millis).setAuthenticationEnabled(false).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** This service's own credentials: the static key when set, else the AWS SDK's default chain. */
    private static AwsCredentialsProvider serviceCredentials(PersonalizeConfig.S3 settings) {
        return settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                        settings.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
    }

    private static StsClient stsClient(PersonalizeConfig config, Duration timeout) {
        StsClientBuilder builder = StsClient.builder()
                .region(Region.of(config.s3().region()))
                .credentialsProvider(serviceCredentials(config.s3()))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build());
        config.sts().endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static S3Client s3Client(PersonalizeConfig.S3 settings, URI endpoint, Duration timeout) {
        AwsCredentialsProvider credentials = serviceCredentials(settings);
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials)
                // Retries are the reader's, with its backoff inside the job's deadline.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build())
                .build();
    }

    /**
     * A response's head, read within bounds: at most {@link #MAX_LINES_BEFORE_STATUS} other lines before its status
     * line (the client's default skips any number), and at most {@link #MAX_INTERIM_RESPONSES} interim answers before
     * the final one. What comes before the body is not the input that max-input-size meters, so it is bounded here.
     */
    private static final class ResponseHead extends DefaultHttpResponseParser {
        private int interim;

        ResponseHead(SessionInputBuffer buffer, MessageConstraints constraints) {
            super(buffer, constraints);
        }

        @Override
        protected boolean reject(CharArrayBuffer line, int count) {
            return count >= MAX_LINES_BEFORE_STATUS;
        }

        @Override
        public HttpResponse parse() throws IOException, HttpException {
            HttpResponse response = super.parse();
            if (response.getStatusLine().getStatusCode() >= 200) {
                interim = 0;
            } else if (++interim > MAX_INTERIM_RESPONSES) {
                throw new ProtocolException("too many interim responses");
            }
            return response;
        }
    }

    /** The bytes one job may still read, shared by all the files of its data source, and its deadline. */
    private final class Budget {
        private final JobDeadline deadline;
        private long remaining = maxInputSize;

        Budget(JobDeadline deadline) {
            this.deadline = deadline;
        }

        /**
         * {@code input}, charged against the budget as it arrives: its bytes, or when {@code wire} (the connection's
         * counters) shows more arrived, that, so that chunk framing counts too and cannot carry kilobytes per byte.
         */
        InputStream limit(InputStream input, HttpConnectionMetrics wire) {
            long wireStart = wire == null ? 0 : wire.getReceivedBytesCount();
            return new FilterInputStream(input) {
                private long body;
                private long charged;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read;
                    try {
                        read = super.read(buffer, offset, length);
                    } catch (IOException e) {
                        throw deadline.passed() ? new DeadlinePassed() : e;
                    }
                    // A connection cut at the deadline may end like a file: never count it as one.
                    if (deadline.passed()) {
                        throw new DeadlinePassed();
                    }
                    // Only while bytes come: at the end the connection goes back to the pool, its counters to another job.
                    if (read > 0) {
                        body += read;
                        long arrived = wire == null ? body
                                : Math.max(body, wire.getReceivedBytesCount() - wireStart);
                        spend(arrived - charged);
                        charged = arrived;
                    }
                    return read;
                }
            };
        }

        private void spend(long bytes) throws InputTooLarge {
            remaining -= bytes;
            if (remaining < 0) {
                throw new InputTooLarge();
            }
        }
    }

    /** Raised inside a stream when the budget runs out; turned into an {@link InputProblem} above. */
    private static final class InputTooLarge extends IOException {
        InputTooLarge() {
            super("input too large", null);
        }
    }

    /** Raised when the job's deadline has passed; turned into an {@link InputProblem} above. */
    private static final class DeadlinePassed extends IOException {
        DeadlinePassed() {
            super("deadline passed", null);
        }
    }
}
