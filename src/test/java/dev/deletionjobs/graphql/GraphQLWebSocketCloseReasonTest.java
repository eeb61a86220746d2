package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A close reason fits the 123 bytes of UTF-8 a close frame holds, cut between characters, never inside one. */
class GraphQLWebSocketCloseReasonTest {

    @Test
    void aReasonThatFitsIsKept() {
        String reason = "Subscriber for " + "x".repeat(64) + " already exists";
        assertEquals(reason, GraphQLWebSocket.closeReason(reason));
        assertEquals("é".repeat(61), GraphQLWebSocket.closeReason("é".repeat(61)));
    }

    @Test
    void aLongerReasonIsCutAtTheLastWholeCharacterThatFits() {
        String emoji = "\uD83D\uDE00";
        String cut = GraphQLWebSocket.closeReason("Subscriber for " + emoji.repeat(32) + " already exists");
        assertEquals("Subscriber for " + emoji.repeat(27), cut);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= GraphQLWebSocket.MAX_CLOSE_REASON_BYTES);

        for (String unit : new String[] { "a", "é", "€", emoji }) {
            for (int length = 100; length < 140; length++) {
                String full = "r".repeat(length % 4) + unit.repeat(length);
                String reason = GraphQLWebSocket.closeReason(full);
                byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
                assertTrue(bytes.length <= GraphQLWebSocket.MAX_CLOSE_REASON_BYTES, reason);
                assertTrue(full.startsWith(reason), reason);
                if (!reason.equals(full)) {
                    assertTrue(bytes.length > GraphQLWebSocket.MAX_CLOSE_REASON_BYTES - 4, reason);
                }
                assertEquals(reason, new String(bytes, StandardCharsets.UTF_8), "no character split");
            }
        }
    }
}
