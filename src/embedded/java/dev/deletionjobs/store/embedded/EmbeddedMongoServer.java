package dev.deletionjobs.store.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bson.BsonTimestamp;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.logging.Log;

/**
 * The in-process MongoDB-wire server of one application run. It must be listening before the MongoDB client is
 * configured, so it is started while configuration is read ({@link EmbeddedStoreConfigSourceFactory}) and stopped
 * when the application shuts down ({@link EmbeddedStoreShutdown}).
 * <p>
 * This folder (src/embedded) is compiled into the application by default and only into the tests of a native
 * build: a native executable never carries an in-process store.
 */
public final class EmbeddedMongoServer {

    private static final String H2_FILE = "data-deletion-jobs.mv.db";

    /**
     * How long the oplog keeps a write. A change stream reads it within a fraction of a second; the server keeps it
     * in the heap (or the H2 file) without a cap of its own, so it is trimmed to this.
     */
    private static final long OPLOG_RETENTION_SECONDS = 60;

    private static MongoServer server;
    private static String connectionString;
    private static ScheduledExecutorService oplogTrim;
    private static MongoClient trimClient;

    private EmbeddedMongoServer() {
    }

    /** Starts the server once per run, on a free loopback port, and returns its connection string. */
    static synchronized String start(boolean persistent, String directory) {
        if (server == null) {
            MongoBackend backend = persistent ? h2Backend(directory) : new MemoryBackend();
            // Change streams (GraphQL subscriptions) read the oplog, which the server keeps only when asked to.
            backend.enableOplog();
            MongoServer started = new MongoServer(backend);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            started.bind(address);
            InetSocketAddress bound = started.getLocalAddress();
            connectionString = "mongodb://" + bound.getHostString() + ":" + bound.getPort();
            server = started;
            trimOplog();
            Log.infof("Embedded MongoDB-wire store listening at %s (%s); it ignores secondary indexes, so"
                    + " listings scan the collection", connectionString, persistent ? "H2 file" : "in memory");
        }
        return connectionString;
    }

    /** Every 30 s, drops the oplog's writes older than {@link #OPLOG_RETENTION_SECONDS}. */
    private static void trimOplog() {
        trimClient = MongoClients.create(connectionString);
        MongoCollection<Document> oplog = trimClient.getDatabase("local").getCollection("oplog.rs");
        oplogTrim = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "embedded-oplog-trim");
            thread.setDaemon(true);
            return thread;
        });
        oplogTrim.scheduleWithFixedDelay(() -> {
            try {
                trim(oplog, System.currentTimeMillis() / 1000);
            } catch (RuntimeException e) {
                Log.debugf("Trimming the embedded store's oplog failed: %s", e.getMessage());
            }
        }, 30, 30, TimeUnit.SECONDS);
    }

    /** Drops the writes {@code oplog} holds from before the retention, counted back from {@code nowSeconds}. */
    static long trim(MongoCollection<Document> oplog, long nowSeconds) {
        BsonTimestamp oldestKept = new BsonTimestamp((int) (nowSeconds - OPLOG_RETENTION_SECONDS), 0);
        return oplog.deleteMany(Filters.lt("ts", oldestKept)).getDeletedCount();
    }

    /** Stops the server, flushing the H2 file; a no-op when none runs. */
    static synchronized void stop() {
        if (oplogTrim != null) {
            oplogTrim.shutdownNow();
            trimClient.close();
            oplogTrim = null;
        }
        if (server != null) {
            server.shutdown();
            server = null;
            connectionString = null;
        }
    }

    private static MongoBackend h2Backend(String directory) {
        Path folder = Path.of(directory).toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the embedded store's folder " + folder
                    + " (personalize.store.embedded-path): " + e.getMessage(), e);
        }
        Path file = folder.resolve(H2_FILE);
        Log.infof("Embedded MongoDB-wire store persists in %s", file);
        return new H2Backend(file.toString());
    }
}
