package dev.deletionjobs.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.StoreUnavailableException;

/**
 * The service's store with faults on demand, for a worker built by a test: the next calls of a method of the port fail
 * as an unreachable store does, and every call is counted.
 */
public final class FaultyStore implements InvocationHandler {

    private final DataDeletionJobStore store;
    private final DataDeletionJobStore faulty;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public FaultyStore(DataDeletionJobStore store) {
        this.store = store;
        this.faulty = (DataDeletionJobStore) Proxy.newProxyInstance(DataDeletionJobStore.class.getClassLoader(),
                new Class<?>[] { DataDeletionJobStore.class }, this);
    }

    /** The store to hand to the code under test. */
    public DataDeletionJobStore store() {
        return faulty;
    }

    /** Makes the next {@code times} calls of {@code method} fail with {@link StoreUnavailableException}. */
    public FaultyStore failNext(String method, int times) {
        failures.put(method, new AtomicInteger(times));
        return this;
    }

    /** How many times {@code method} was called, failed calls included. */
    public int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
        AtomicInteger failing = failures.get(method.getName());
        if (failing != null && failing.getAndDecrement() > 0) {
            throw new StoreUnavailableException("the store did not answer (a fault injected by the test)");
        }
        try {
            return method.invoke(store, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
