package dev.replaymesh.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A pool of distinct rrweb-like incremental snapshots (mouse moves, DOM mutations with text, a
 * few text inputs) of about {@code targetSize} bytes each. Each is stored without its
 * leading {@code {"type":3,"timestamp":T[,"seq":S],}} so a sender can stamp a time and sequence
 * number per send with one copy; the body is the rest of the object, starting at {@code "data"}.
 */
final class RrwebEvents {

    static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be "
            + "this have from or one had by word but not what all were we when your can said there use an each which "
            + "she do how their if will up other about out many then them these so some her would make like him into "
            + "time has look two more write go see number no way could people my than first water been call who oil "
            + "its now find long down day did get come made may part order checkout cart total price quantity shipping "
            + "address email password submit cancel continue settings profile dashboard search results loading error")
            .split(" ");
    private static final String[] TAGS = {"div", "span", "p", "li", "a", "button", "td", "label", "h3", "img"};
    private static final String[] CLASSES = {"btn btn-primary", "card", "row col-6", "list-item active", "nav-link",
            "modal-body", "price-tag", "text-muted small", "flex items-center gap-2", "table-cell"};

    private final byte[][] rests;

    RrwebEvents(int count, int targetSize, long seed) {
        Random random = new Random(seed);
        rests = new byte[count][];
        for (int i = 0; i < count; i++) {
            // Sizes spread +-30 % around the target, as real incremental snapshots do.
            int size = (int) (targetSize * (0.7 + 0.6 * random.nextDouble()));
            int kind = random.nextInt(100);
            String data;
            if (kind < 55) {
                data = mutation(random, size);
            } else if (kind < 93) {
                data = mouseMove(random, size);
            } else {
                data = input(random, size);
            }
            rests[i] = ("\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    int size() {
        return rests.length;
    }

    byte[] rest(int i) {
        return rests[i];
    }

    /** Length of the event {@code i} once stamped by {@link #write}. */
    static int stampedLength(byte[] rest, long timestamp, long seq) {
        int n = PREFIX.length + digits(timestamp) + 1 + rest.length;
        if (seq > 0) {
            n += SEQ.length + digits(seq);
        }
        return n;
    }

    /** Writes the whole event JSON into {@code out} at {@code pos}; returns the new position. */
    static int write(byte[] out, int pos, byte[] rest, long timestamp, long seq) {
        System.arraycopy(PREFIX, 0, out, pos, PREFIX.length);
        pos += PREFIX.length;
        pos = writeLong(out, pos, timestamp);
        if (seq > 0) {
            System.arraycopy(SEQ, 0, out, pos, SEQ.length);
            pos += SEQ.length;
            pos = writeLong(out, pos, seq);
        }
        out[pos++] = ',';
        System.arraycopy(rest, 0, out, pos, rest.length);
        return pos + rest.length;
    }

    private static final byte[] PREFIX = "{\"type\":3,\"timestamp\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static int writeLong(byte[] out, int pos, long v) {
        int end = pos + digits(v);
        for (int i = end - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return end;
    }

    private static String mouseMove(Random r, int size) {
        StringBuilder sb = new StringBuilder(size + 64).append("{\"source\":1,\"positions\":[");
        int x = r.nextInt(1400);
        int y = r.nextInt(900);
        int offset = -r.nextInt(50) - 450;
        boolean first = true;
        while (sb.length() < size - 40) {
            x = Math.max(0, x + r.nextInt(41) - 20);
            y = Math.max(0, y + r.nextInt(41) - 20);
            offset += 10 + r.nextInt(20);
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"x\":").append(x).append(",\"y\":").append(y).append(",\"id\":").append(20 + r.nextInt(900))
                    .append(",\"timeOffset\":").append(Math.min(offset, 0)).append('}');
        }
        return sb.append("]}").toString();
    }

    private static String mutation(Random r, int size) {
        StringBuilder sb = new StringBuilder(size + 256).append("{\"source\":0,\"texts\":[{\"id\":")
                .append(100 + r.nextInt(5000)).append(",\"value\":\"").append(words(r, 3 + r.nextInt(8)))
                .append("\"}],\"attributes\":[{\"id\":").append(100 + r.nextInt(5000))
                .append(",\"attributes\":{\"class\":\"").append(CLASSES[r.nextInt(CLASSES.length)])
                .append("\",\"style\":\"width: ").append(r.nextInt(100)).append("%;\"}}],\"removes\":[{\"parentId\":")
                .append(100 + r.nextInt(5000)).append(",\"id\":").append(100 + r.nextInt(5000))
                .append("}],\"adds\":[");
        int id = 5000 + r.nextInt(50_000);
        boolean first = true;
        while (sb.length() < size - 60) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            int parent = id++;
            sb.append("{\"parentId\":").append(100 + r.nextInt(5000)).append(",\"nextId\":null,\"node\":{\"type\":2,")
                    .append("\"tagName\":\"").append(TAGS[r.nextInt(TAGS.length)])
                    .append("\",\"attributes\":{\"class\":\"").append(CLASSES[r.nextInt(CLASSES.length)])
                    .append("\"},\"childNodes\":[],\"id\":").append(parent).append("}},{\"parentId\":").append(parent)
                    .append(",\"nextId\":null,\"node\":{\"type\":3,\"textContent\":\"")
                    .append(words(r, 2 + r.nextInt(10))).append("\",\"id\":").append(id++).append("}}");
        }
        return sb.append("],\"isAttachIframe\":false}").toString();
    }

    private static String input(Random r, int size) {
        StringBuilder sb = new StringBuilder(size + 64).append("{\"source\":5,\"text\":\"");
        while (sb.length() < size - 40) {
            sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        return sb.append("\",\"isChecked\":false,\"id\":").append(100 + r.nextInt(5000)).append('}').toString();
    }

    private static String words(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }
}
