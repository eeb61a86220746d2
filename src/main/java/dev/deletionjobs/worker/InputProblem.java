package dev.deletionjobs.worker;

/**
 * Why a job's input cannot be used, worded for the job's owner: it becomes the job's {@code failureReason}, so it
 * says what is wrong and where, never how the service is built.
 */
public class InputProblem extends Exception {

    public InputProblem(String reason) {
        super(reason, null, false, false);
    }
}
