package dev.replaymesh.storage.session;

/**
 * The last {@code capacity} distinct 64-bit fingerprints, in plain {@code long} arrays: a ring in
 * arrival order and an open-addressing set over it. Boxed {@code Long}s in a {@code HashSet} took
 * about 60 bytes per remembered event and most of the deduplication time; this takes 24 to 40
 * (the set stays at most half full), and grows with the session instead of being sized for the
 * whole window up front.
 */
final class FingerprintWindow {

    private static final int INITIAL_RING = 64;
    /** Marks a free slot; the fingerprint 0 is kept by {@link #zeroHeld} instead. */
    private static final long FREE = 0;

    private final int capacity;
    private long[] ring;
    private int head;
    private int size;
    private long[] slots;
    private boolean zeroHeld;

    FingerprintWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
        this.ring = new long[Math.min(capacity, INITIAL_RING)];
        this.slots = new long[tableSizeFor(ring.length)];
    }

    /** Adds the fingerprint; false (and nothing changes) if the window already holds it. */
    boolean add(long f) {
        if (f == FREE ? zeroHeld : slots[indexOf(f, slots)] == f) {
            return false;
        }
        if (size == capacity) {
            remove(ring[head]);
            ring[head] = f;
            head = (head + 1) % capacity;
        } else {
            if (size == ring.length) {
                grow();
            }
            ring[(head + size) % ring.length] = f;
            size++;
        }
        if (f == FREE) {
            zeroHeld = true;
        } else {
            slots[indexOf(f, slots)] = f;
        }
        return true;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] bigger = new long[Math.min(capacity, ring.length * 2)];
        for (int k = 0; k < size; k++) {
            bigger[k] = ring[(head + k) % ring.length];
        }
        ring = bigger;
        head = 0;
        long[] table = new long[tableSizeFor(ring.length)];
        for (long f : slots) {
            if (f != FREE) {
                table[indexOf(f, table)] = f;
            }
        }
        slots = table;
    }

    /** Deletes by shifting back the entries that probed past the freed slot. */
    private void remove(long f) {
        if (f == FREE) {
            zeroHeld = false;
            return;
        }
        int mask = slots.length - 1;
        int i = indexOf(f, slots);
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long g = slots[j];
            if (g == FREE) {
                break;
            }
            int home = home(g, mask);
            // g may move to i if its home is not in the cyclic range (i, j].
            if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
                slots[i] = g;
                i = j;
            }
        }
        slots[i] = FREE;
    }

    /** The slot holding {@code f}, or the free slot where it would go. */
    private static int indexOf(long f, long[] table) {
        int mask = table.length - 1;
        int i = home(f, mask);
        while (table[i] != FREE && table[i] != f) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int home(long f, int mask) {
        return (int) (f ^ (f >>> 32)) & mask;
    }

    /** At most half full, so probes stay short. */
    private static int tableSizeFor(int entries) {
        return Integer.highestOneBit(Math.max(2, entries) * 2 - 1) * 2;
    }
}
