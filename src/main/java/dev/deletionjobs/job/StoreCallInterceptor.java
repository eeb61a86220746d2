package dev.deletionjobs.job;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import dev.deletionjobs.error.Causes;

/** Asks the store that threw whether its fault means "unavailable", and if so says it in the port's vocabulary. */
@StoreCall
@Interceptor
// Before (outside) the transaction interceptor, PLATFORM_BEFORE + 200: a fault at commit is translated too.
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class StoreCallInterceptor {

    @AroundInvoke
    Object translateUnavailable(InvocationContext context) throws Exception {
        try {
            return context.proceed();
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (Exception e) {
            // Checked ones too: a commit that fails leaves the transaction interceptor as a RollbackException, the
            // driver's fault suppressed in it (Narayana's way of keeping each resource's).
            if (context.getTarget() instanceof DataDeletionJobStore store && unreachable(store, e, 0)) {
                throw new StoreUnavailableException(e);
            }
            throw e;
        }
    }

    /** Whether {@code failure}, a cause of it or one suppressed in either is the store saying it cannot serve now. */
    private static boolean unreachable(DataDeletionJobStore store, Throwable failure, int depth) {
        // Chains are short: the bound, on the links of any one path through causes and suppressed ones alike, only
        // keeps a cyclic one from looping.
        for (Throwable cause : Causes.of(failure)) {
            if (depth++ >= Causes.MAX_DEPTH) {
                return false;
            }
            if (store.isUnreachable(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (unreachable(store, suppressed, depth)) {
                    return true;
                }
            }
        }
        return false;
    }
}
