package dev.deletionjobs.store.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** The embedded server's oplog, which it never caps itself, is trimmed to its last minute. */
class EmbeddedMongoServerTest {

    @Test
    void theOplogKeepsTheLastMinuteOfWrites() {
        MemoryBackend backend = new MemoryBackend();
        backend.enableOplog();
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> jobs = client.getDatabase("personalize").getCollection("data_deletion_jobs");
            for (int i = 0; i < 10; i++) {
                jobs.insertOne(new Document("_id", "job-" + i));
            }
            MongoCollection<Document> oplog = client.getDatabase("local").getCollection("oplog.rs");
            long now = System.currentTimeMillis() / 1000;
            assertEquals(0, EmbeddedMongoServer.trim(oplog, now), "a write of this minute stays");
            assertEquals(10, oplog.countDocuments());
            assertEquals(10, EmbeddedMongoServer.trim(oplog, now + 61), "a minute later it is gone");
            assertEquals(0, oplog.countDocuments());
            assertEquals(10, jobs.countDocuments(), "the jobs themselves stay");
        } finally {
            server.shutdownNow();
        }
    }
}
