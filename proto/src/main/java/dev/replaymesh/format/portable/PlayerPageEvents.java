package dev.replaymesh.format.portable;

import dev.replaymesh.format.RefusedPackageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The events inside a package's {@code index.html}: a JSON array in one
 * {@code <script type="application/json" id="replay-events">} element, every {@code <} written
 * {@code \u003c}. In JSON a {@code <} can only stand inside a string, where the escape means the
 * same, so no event can end the element or open a comment. The exporter writes the element, and
 * a tool that rewrites a package's events (replayctl redact) replaces its content.
 */
public final class PlayerPageEvents {

    public static final String OPEN = "<script type=\"application/json\" id=\"replay-events\">";
    private static final String CLOSE = "</script>";
    private static final byte[] LT = "\\u003c".getBytes(StandardCharsets.US_ASCII);

    private PlayerPageEvents() {
    }

    /** Writes one event's JSON as it goes inside the element. */
    public static void write(byte[] json, OutputStream out) throws IOException {
        int from = 0;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '<') {
                out.write(json, from, i - from);
                out.write(LT);
                from = i + 1;
            }
        }
        out.write(json, from, json.length - from);
    }

    /** The array of these events as it goes inside the element. */
    public static byte[] array(Iterable<byte[]> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        boolean first = true;
        try {
            for (byte[] e : events) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                write(e, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write(']');
        return out.toByteArray();
    }

    /**
     * The page with the element's content replaced by {@code array}.
     *
     * @throws RefusedPackageException if the page has no such element
     */
    public static byte[] replace(byte[] page, byte[] array) {
        String html = new String(page, StandardCharsets.UTF_8);
        int start = html.indexOf(OPEN);
        int end = start < 0 ? -1 : html.indexOf(CLOSE, start);
        if (end < 0) {
            throw new RefusedPackageException(RefusedPackageException.Reason.MALFORMED, PackageLayout.PLAYER,
                    "index.html has no events element to replace");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(page.length);
        out.writeBytes(html.substring(0, start + OPEN.length()).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(array);
        out.writeBytes(html.substring(end).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
