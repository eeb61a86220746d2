package dev.deletionjobs.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Counts distinct user ids in about 16 bytes each, whatever their length: a set of 64-bit digests (the first eight
 * bytes of SHA-256) in one open-addressing array. Two different ids share a digest with a probability near
 * n² / 2⁶⁵, about one in three million for ten million ids, which is far inside what a count of deletions needs.
 */
final class DistinctIds {

    private static final float LOAD = 0.5f;

    private final MessageDigest sha256;
    private long[] slots = new long[1024];
    private boolean hasZero;
    private int size;

    DistinctIds() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Adds an id; returns whether it was new. */
    boolean add(String id) {
        byte[] digest = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
        long key = 0;
        for (int i = 0; i < 8; i++) {
            key = (key << 8) | (digest[i] & 0xff);
        }
        return addKey(key);
    }

    int size() {
        return size;
    }

    /** The bytes the set holds, for the memory bound its tests assert. */
    long footprintBytes() {
        return (long) slots.length * Long.BYTES;
    }

    private boolean addKey(long key) {
        if (key == 0) {
            // 0 marks an empty slot, so the one id whose digest is 0 is remembered apart.
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        if (size + 1 > slots.length * LOAD) {
            grow();
        }
        int mask = slots.length - 1;
        int index = (int) (key ^ (key >>> 32)) & mask;
        while (slots[index] != 0) {
            if (slots[index] == key) {
                return false;
            }
            index = (index + 1) & mask;
        }
        slots[index] = key;
        size++;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long key : old) {
            if (key != 0) {
                int index = (int) (key ^ (key >>> 32)) & mask;
                while (slots[index] != 0) {
                    index = (index + 1) & mask;
                }
                slots[index] = key;
            }
        }
    }
}
