package dev.deletionjobs.job;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a {@link DataDeletionJobStore} implementation whose calls {@link StoreCallInterceptor} watches, turning its
 * client's "no answer in time" faults into {@link StoreUnavailableException}.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StoreCall {
}
