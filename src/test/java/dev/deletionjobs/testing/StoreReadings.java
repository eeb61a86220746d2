package dev.deletionjobs.testing;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.StoreCall;

/**
 * How the store port was asked to read jobs while a test recorded: each read, as its method and {@link JobReading}
 * ({@code "findPage WITHOUT_TAGS"}), whatever thread made it. An interceptor of both stores' adapters, which Quarkus
 * binds in every test of the application; it records nothing unless a test records.
 */
@StoreCall
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class StoreReadings {

    private static final List<String> READS = new ArrayList<>();
    private static volatile boolean recording;

    /** Runs {@code action} and returns the reads of jobs made meanwhile, in their order. */
    public static synchronized List<String> during(Runnable action) {
        synchronized (READS) {
            READS.clear();
        }
        recording = true;
        try {
            action.run();
        } finally {
            recording = false;
        }
        synchronized (READS) {
            return List.copyOf(READS);
        }
    }

    @AroundInvoke
    Object record(InvocationContext call) throws Exception {
        if (recording) {
            for (Object parameter : call.getParameters()) {
                if (parameter instanceof JobReading reading) {
                    synchronized (READS) {
                        READS.add(call.getMethod().getName() + " " + reading);
                    }
                }
            }
        }
        return call.proceed();
    }
}
