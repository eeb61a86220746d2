package dev.deletionjobs.job;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

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
        } catch (RuntimeException e) {
            if (context.getTarget() instanceof DataDeletionJobStore store) {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (store.isUnreachable(cause)) {
                        throw new StoreUnavailableException(e);
                    }
                }
            }
            throw e;
        }
    }
}
