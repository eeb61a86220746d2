package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.service.ModelPatterns;

/** The global id codec: one spelling per job, read back only when it is exactly that spelling. */
class GlobalIdsTest {

    private static final AccountScope SCOPE = new AccountScope("000000000000", "us-east-1");

    @Test
    void anIdIsReadBackAsItsArn() {
        String arn = SCOPE.dataDeletionJobArn("purge-2024-05");
        String id = GlobalIds.of(arn);
        assertEquals("RGF0YURlbGV0aW9uSm9iOmFybjphd3M6cGVyc29uYWxpemU6dXMtZWFzdC0xOjAwMDAwMDAwMDAwMDpkYXRhLWRlbGV0aW9uLW"
                + "pvYi9wdXJnZS0yMDI0LTA1", id);
        ConstraintViolations violations = new ConstraintViolations();
        assertEquals(arn, GlobalIds.arnOf("id", id, violations));
        assertTrue(violations.isEmpty());
    }

    @Test
    void theLongestValidArnFitsTheLengthBound() {
        // 256 code points, the rest of them of 4 UTF-8 bytes each: near the most an ARN that passes the rules takes.
        String prefix = SCOPE.dataDeletionJobArn("");
        String arn = prefix + "\uD83D\uDE00".repeat(ModelPatterns.ARN_MAX_LENGTH - prefix.length());
        String id = GlobalIds.of(arn);
        assertTrue(id.length() <= GlobalIds.MAX_LENGTH, id::toString);
        assertEquals(arn, GlobalIds.arnOf("id", id, new ConstraintViolations()));
    }

    @Test
    void anIdTooLongIsRefusedOnItsLengthWithoutBeingRead() {
        ConstraintViolations violations = new ConstraintViolations();
        // Not even base64url: only the length was looked at.
        assertNull(GlobalIds.arnOf("ids.1.member", "!".repeat(GlobalIds.MAX_LENGTH + 1), violations));
        assertTrue(message(violations).endsWith("at 'ids.1.member' failed to satisfy constraint: Member must have"
                + " length less than or equal to " + GlobalIds.MAX_LENGTH), message(violations));
    }

    @Test
    void onlyTheIssuedSpellingIsAnId() {
        String arn = SCOPE.dataDeletionJobArn("jo");
        String id = GlobalIds.of(arn);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        for (String other : new String[] { id + "==", Base64.getUrlEncoder().encodeToString(
                ("DataDeletionJob:" + arn).getBytes(StandardCharsets.UTF_8)), id.substring(0, id.length() - 1) + "x",
                encoder.encodeToString(("Node:" + arn).getBytes(StandardCharsets.UTF_8)),
                encoder.encodeToString("DataDeletionJob:".getBytes(StandardCharsets.UTF_8)), "" }) {
            ConstraintViolations violations = new ConstraintViolations();
            assertNull(GlobalIds.arnOf("id", other, violations), other);
            assertTrue(message(violations).endsWith("at 'id' failed to satisfy constraint: " + GlobalIds.MALFORMED),
                    message(violations));
        }
    }

    private static String message(ConstraintViolations violations) {
        try {
            violations.throwIfAny();
            return "";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
