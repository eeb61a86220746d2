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
        // Suppressed ones are followed as deep as causes: the bound keeps a cycle through them from looping too.
        if (depth >= Causes.MAX_DEPTH) {
            return false;
        }
        for (Throwable cause : Causes.of(failure)) {
            if (store.isUnreachable(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (unreachable(store, suppressed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
