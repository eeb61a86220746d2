package dev.deletionjobs.store.mongodb;

import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * The commands one thread sends to MongoDB while it records. Quarkus registers every {@link CommandListener} it finds
 * with the client, so this one hears every test's commands and keeps only those of the thread that asked for them.
 */
public class RecordedCommands implements CommandListener {

    private static volatile Thread recording;
    private static final List<BsonDocument> COMMANDS = new ArrayList<>();

    /** Runs the action and returns the commands this thread sent meanwhile (the sync driver sends on the caller's). */
    static List<BsonDocument> during(Runnable action) {
        synchronized (COMMANDS) {
            COMMANDS.clear();
        }
        recording = Thread.currentThread();
        try {
            action.run();
        } finally {
            recording = null;
        }
        synchronized (COMMANDS) {
            return List.copyOf(COMMANDS);
        }
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (recording == Thread.currentThread()) {
            synchronized (COMMANDS) {
                COMMANDS.add(event.getCommand().clone());
            }
        }
    }
}
