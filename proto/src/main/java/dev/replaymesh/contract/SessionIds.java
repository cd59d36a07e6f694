package dev.replaymesh.contract;

/** Session ids: {@code [A-Za-z0-9_-]{1,128}}, safe in Kafka keys, object keys and URLs. */
public final class SessionIds {

    public static final int MAX_LENGTH = 128;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private SessionIds() {
    }

    /** A new id: a UUIDv7 (RFC 9562; time-ordered, as posthog-js makes session ids). */
    public static String newId() {
        long ms = System.currentTimeMillis();
        long high = (ms << 16) | 0x7000L | (RANDOM.nextInt() & 0x0fffL);
        long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new java.util.UUID(high, low).toString();
    }

    /** Checked on every event, so a plain loop instead of a regex. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
