package dev.deletionjobs.graphql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GraphQL WebSockets each account holds open on this replica. A socket costs its replica a connection, buffers
 * and a timer whether it subscribes or not, and pings keep an idle one open: without a count, one key could hold
 * every connection the replica takes ({@code quarkus.http.limits.max-connections}) and turn every other caller away.
 */
final class AccountSockets {

    private final int maxPerAccount;
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    AccountSockets(int maxPerAccount) {
        this.maxPerAccount = maxPerAccount;
    }

    /** Counts one more socket of {@code accountId}, unless it holds the most it may: then false, and nothing counted. */
    boolean admit(String accountId) {
        boolean[] admitted = new boolean[1];
        held.compute(accountId, (account, sockets) -> {
            int count = sockets == null ? 0 : sockets;
            if (count >= maxPerAccount) {
                return sockets;
            }
            admitted[0] = true;
            return count + 1;
        });
        return admitted[0];
    }

    /** Counts one socket of {@code accountId} less, when one that was admitted closes. */
    void release(String accountId) {
        held.computeIfPresent(accountId, (account, sockets) -> sockets <= 1 ? null : sockets - 1);
    }

    int maxPerAccount() {
        return maxPerAccount;
    }
}
