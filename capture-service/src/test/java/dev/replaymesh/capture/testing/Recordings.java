package dev.replaymesh.capture.testing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** rrweb-shaped events for the tests. */
public final class Recordings {

    private Recordings() {
    }

    public static String sessionId() {
        return "s-" + UUID.randomUUID();
    }

    /** An IncrementalSnapshot mouse-move-like event of about {@code size} bytes. */
    public static String event(long timestamp, int size) {
        StringBuilder sb = new StringBuilder("{\"type\":3,\"timestamp\":").append(timestamp)
                .append(",\"data\":{\"source\":1,\"positions\":[{\"x\":1,\"y\":2,\"id\":3,\"timeOffset\":0}],\"note\":\"");
        while (sb.length() < size - 4) {
            sb.append((char) ('a' + sb.length() % 26));
        }
        return sb.append("\"}}").toString();
    }

    /** A FullSnapshot of about {@code size} bytes: one big text node, like a page with inlined styles. */
    public static String fullSnapshot(long timestamp, int size) {
        String head = "{\"type\":2,\"timestamp\":" + timestamp + ",\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":["
                + "{\"type\":2,\"tagName\":\"html\",\"id\":2,\"attributes\":{},\"childNodes\":["
                + "{\"type\":3,\"id\":3,\"textContent\":\"";
        String tail = "\"}]}]},\"initialOffset\":{\"top\":0,\"left\":0}}}";
        StringBuilder sb = new StringBuilder(size + 64).append(head);
        int i = 0;
        while (sb.length() < size - tail.length()) {
            sb.append("Lorem ipsum dolor sit amet é ".charAt(i++ % 29));
        }
        return sb.append(tail).toString();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
