package dev.deletionjobs.lifecycle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Streams a job's data source and counts its distinct user ids: {@code http://} and {@code https://} locations
 * directly, {@code s3://bucket/key} through the configured S3-compatible endpoint, where a location ending in
 * {@code /} means every object under that prefix. Every failure becomes an {@link InputProblem} that names the
 * location and what to do about it.
 */
@Singleton
public class DataSourceReader {

    private final Duration readTimeout;
    private final long maxInputSize;
    private final S3Client s3;

    DataSourceReader(PersonalizeConfig config) {
        PersonalizeConfig.Worker worker = config.worker();
        this.readTimeout = worker.readTimeout();
        this.maxInputSize = worker.maxInputSize().asLongValue();
        this.s3 = config.s3().endpoint().map(endpoint -> s3Client(config.s3(), endpoint, readTimeout)).orElse(null);
    }

    /** The number of distinct user ids at {@code location}. */
    public int countUserIds(String location) throws InputProblem {
        DistinctIds ids = new DistinctIds();
        Budget budget = new Budget();
        try {
            if (location.startsWith("s3://")) {
                readS3(location, ids, budget);
            } else {
                readHttp(location, ids, budget);
            }
        } catch (InputTooLarge e) {
            throw new InputProblem("The data source " + location + " is larger than " + maxInputSize
                    + " bytes, the most a job reads (personalize.worker.max-input-size).");
        } catch (SocketTimeoutException e) {
            throw timedOut(location);
        } catch (IOException e) {
            throw new InputProblem("The data source " + location + " could not be read: " + e.getMessage());
        }
        return ids.size();
    }

    private void readHttp(String location, DistinctIds ids, Budget budget) throws IOException, InputProblem {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) URI.create(location).toURL().openConnection();
        } catch (IllegalArgumentException e) {
            throw new InputProblem("The data source " + location + " is not a valid URL.");
        }
        connection.setConnectTimeout((int) readTimeout.toMillis());
        connection.setReadTimeout((int) readTimeout.toMillis());
        connection.setInstanceFollowRedirects(true);
        try {
            int status = connection.getResponseCode();
            if (status == 404 || status == 410) {
                throw new InputProblem("The data source " + location + " does not exist (HTTP " + status + ").");
            }
            if (status / 100 != 2) {
                throw new InputProblem("The data source " + location + " could not be read (HTTP " + status + ").");
            }
            try (InputStream body = budget.limit(connection.getInputStream())) {
                UserIdCsv.read(body, location, ids);
            }
        } finally {
            connection.disconnect();
        }
    }

    private void readS3(String location, DistinctIds ids, Budget budget) throws IOException, InputProblem {
        if (s3 == null) {
            throw new InputProblem("The data source " + location + " is in S3, and this service reads s3:// locations"
                    + " only through an S3-compatible endpoint: set personalize.s3.endpoint (PERSONALIZE_S3_ENDPOINT).");
        }
        String path = location.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        try {
            List<String> keys = key.isEmpty() || key.endsWith("/") ? listFiles(bucket, key, location) : List.of(key);
            for (String object : keys) {
                try (InputStream body = budget.limit(s3.getObject(request -> request.bucket(bucket).key(object)))) {
                    UserIdCsv.read(body, "s3://" + bucket + "/" + object, ids);
                }
            }
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new InputProblem("The data source " + location + " does not exist.");
        } catch (S3Exception e) {
            throw new InputProblem("The data source " + location + " could not be read: S3 answered "
                    + e.statusCode() + " " + e.awsErrorDetails().errorCode() + ".");
        } catch (SdkClientException e) {
            if (hasCause(e, SocketTimeoutException.class)) {
                throw timedOut(location);
            }
            if (hasCause(e, InputTooLarge.class)) {
                throw new InputTooLarge();
            }
            throw new InputProblem("The data source " + location + " could not be read: " + e.getMessage());
        }
    }

    /** The objects under a prefix, in key order, without the zero-byte "folder" markers some tools create. */
    private List<String> listFiles(String bucket, String prefix, String location) throws InputProblem {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .continuationToken(continuation).build());
            for (S3Object object : page.contents()) {
                if (!object.key().endsWith("/")) {
                    keys.add(object.key());
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        if (keys.isEmpty()) {
            throw new InputProblem("The data source " + location + " holds no files.");
        }
        return keys;
    }

    private InputProblem timedOut(String location) {
        return new InputProblem("Reading the data source " + location + " timed out: no data arrived for "
                + readTimeout.toSeconds() + " seconds (personalize.worker.read-timeout).");
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void close() {
        if (s3 != null) {
            s3.close();
        }
    }

    private static S3Client s3Client(PersonalizeConfig.S3 settings, URI endpoint, Duration timeout) {
        AwsCredentialsProvider credentials = settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                        settings.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build())
                .build();
    }

    /** The bytes one job may still read, shared by all the files of its data source. */
    private final class Budget {
        private long remaining = maxInputSize;

        InputStream limit(InputStream input) {
            return new FilterInputStream(input) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        spend(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = super.read(buffer, offset, length);
                    if (read > 0) {
                        spend(read);
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
}
