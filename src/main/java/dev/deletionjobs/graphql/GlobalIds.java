package dev.deletionjobs.graphql;

import static dev.deletionjobs.service.ModelPatterns.ARN_MAX_LENGTH;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.service.ModelPatterns;

/**
 * The Relay global ids of jobs: base64url without padding of {@code DataDeletionJob:} and the job's ARN. Clients are
 * told they are opaque, so the encoding may change; only this class builds or reads one.
 */
final class GlobalIds {

    static final String JOB_TYPE = "DataDeletionJob";
    private static final String PREFIX = JOB_TYPE + ":";

    /** The longest id of a valid ARN: 256 code points of up to 4 UTF-8 bytes each, after the type. */
    static final int MAX_LENGTH = (4 * (PREFIX.length() + 4 * ARN_MAX_LENGTH) + 2) / 3;

    static final String MALFORMED = "Member must be the global id of a DataDeletionJob, as this service issued it";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private GlobalIds() {
    }

    /** The global id of the job with this ARN. */
    static String of(String arn) {
        return ENCODER.encodeToString((PREFIX + arn).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The ARN that {@code id} stands for, or null with a violation at {@code member} naming the id. Its length is
     * checked before anything else reads it; an id that is not the canonical encoding of a job's type and a valid
     * ARN is malformed, whatever else it is.
     */
    static String arnOf(String member, String id, ConstraintViolations violations) {
        if (!violations.required(member, id)) {
            return null;
        }
        if (id.length() > MAX_LENGTH) {
            violations.add(member, id, "Member must have length less than or equal to " + MAX_LENGTH);
            return null;
        }
        String arn = decode(id);
        if (arn == null || !isJobArn(arn)) {
            violations.add(member, id, MALFORMED);
            return null;
        }
        return arn;
    }

    /** What follows the job's type in {@code id}; null when it is not one this class encoded. */
    private static String decode(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return null;
            }
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
        // The decoder ignores the unused bits of the last character: only the canonical spelling names the job.
        if (!ENCODER.encodeToString(bytes).equals(id)) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        return text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : null;
    }

    /** The rules the service applies to a job's ARN, so a decoded id never reaches it with a broken one. */
    private static boolean isJobArn(String arn) {
        ConstraintViolations arnRules = new ConstraintViolations();
        arnRules.string("arn", arn, 1, ARN_MAX_LENGTH, ModelPatterns.ARN);
        return arnRules.isEmpty();
    }
}
