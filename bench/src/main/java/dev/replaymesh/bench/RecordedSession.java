package dev.replaymesh.bench;

import com.google.protobuf.ByteString;
import dev.replaymesh.format.Events;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * One recorded rrweb session as a fixture holds it (NDJSON, one rrweb event per line, as the
 * recorder emitted them) and as the storage service holds it: each event in a
 * {@code replay.v1.Event} envelope with the fields it has by then (project, session and window id,
 * {@code seq}, client and receive time, type, payload and its CRC32C, distinct id, the rule set that
 * redacted it, its capture offset), encoded as a frame by {@link FrameCodec}.
 *
 * <p>The envelope fields the recording does not have are made up the way the mesh would fill them:
 * ids are UUIDv7 as posthog-js makes them, the SDK sends a batch every 2 s and capture stamps the
 * whole batch on arrival, and the session's events sit in a partition between other sessions' events,
 * so capture offsets grow by uneven steps. Deterministic for a given seed.
 *
 * @param types rrweb event type of each frame
 * @param receivedMs {@code server_received_ms} of each frame
 * @param frameBytes the total length of {@code frames}
 */
record RecordedSession(String name, byte[] ndjson, List<byte[]> frames, int[] types, long[] receivedMs,
        long frameBytes, long firstTimestampMs, long lastTimestampMs) {

    static final String PROJECT = "demo";
    static final String REDACTED_WITH = "default-1@9c41e07b2d5f83a6";
    /** How often the recorder sends what it buffered (posthog-js flushes every 2 s). */
    static final long FLUSH_MS = 2000;

    static RecordedSession load(Path file, long seed) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.ndjson$", "");
        byte[] ndjson = Files.readAllBytes(file);
        Random random = new Random(seed);
        List<byte[]> lines = lines(ndjson);
        if (lines.isEmpty()) {
            throw new IOException(file + " holds no events");
        }
        long first = timestamp(lines.get(0), file, 1);
        String sessionId = uuidV7(first, random);
        String windowId = uuidV7(first + 3, random);
        String distinctId = uuidV7(first - 86_400_000L * 12, random);
        // The capture server's clock is a little ahead of the browser's.
        long clockSkew = 180 + random.nextInt(400);
        long captureOffset = 1_800_000 + random.nextInt(400_000);

        FrameCodec codec = new FrameCodec();
        List<byte[]> frames = new ArrayList<>(lines.size());
        long[] received = new long[lines.size()];
        int[] types = new int[lines.size()];
        long frameBytes = 0;
        long batchStart = Long.MIN_VALUE;
        long batchReceived = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            byte[] payload = lines.get(i);
            long ts = timestamp(payload, file, i + 1);
            min = Math.min(min, ts);
            max = Math.max(max, ts);
            if (ts >= batchStart + FLUSH_MS) {
                batchStart = ts;
                batchReceived = ts + FLUSH_MS + clockSkew + 25 + random.nextInt(90);
            }
            captureOffset += 1 + random.nextInt(24);
            Event event = Events.withPayloadCrc(Event.newBuilder()
                    .setProject(PROJECT)
                    .setSessionId(sessionId)
                    .setWindowId(windowId)
                    .setSeq(i + 1)
                    .setClientTimestampMs(ts)
                    .setServerReceivedMs(batchReceived)
                    .setEventType(types[i] = type(payload, file, i + 1))
                    .setPayload(ByteString.copyFrom(payload))
                    .setDistinctId(distinctId)
                    .setRedactedWith(REDACTED_WITH)
                    .setCaptureOffset(captureOffset)
                    .build());
            byte[] frame = codec.encode(event);
            frames.add(frame);
            received[i] = batchReceived;
            frameBytes += frame.length;
        }
        return new RecordedSession(name, ndjson, List.copyOf(frames), types, received, frameBytes, min, max);
    }

    int events() {
        return frames.size();
    }

    int count(int eventType) {
        int n = 0;
        for (int t : types) {
            if (t == eventType) {
                n++;
            }
        }
        return n;
    }

    /** Last minus first rrweb timestamp. */
    long durationMs() {
        return lastTimestampMs - firstTimestampMs;
    }

    double minutes() {
        return durationMs() / 60_000.0;
    }

    /** All frames back to back: the content of a chunk holding the whole session. */
    byte[] allFrames() {
        byte[] out = new byte[Math.toIntExact(frameBytes)];
        int at = 0;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, out, at, frame.length);
            at += frame.length;
        }
        return out;
    }

    private static List<byte[]> lines(byte[] ndjson) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= ndjson.length; i++) {
            if (i == ndjson.length || ndjson[i] == '\n') {
                int end = i > start && ndjson[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    lines.add(Arrays.copyOfRange(ndjson, start, end));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    // rrweb events serialize as {"type":N,"data":{...},"timestamp":N} (JSON.stringify keeps that key
    // order), so both numbers are found without parsing the whole event.
    private static final byte[] TYPE_KEY = "{\"type\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP_KEY = "\"timestamp\":".getBytes(StandardCharsets.US_ASCII);

    private static int type(byte[] line, Path file, int lineNo) throws IOException {
        if (!startsWith(line, TYPE_KEY, 0)) {
            throw new IOException(file + ":" + lineNo + ": does not start with {\"type\":");
        }
        return (int) number(line, TYPE_KEY.length, file, lineNo);
    }

    private static long timestamp(byte[] line, Path file, int lineNo) throws IOException {
        for (int at = line.length - TIMESTAMP_KEY.length; at >= 0; at--) {
            if (startsWith(line, TIMESTAMP_KEY, at)) {
                return number(line, at + TIMESTAMP_KEY.length, file, lineNo);
            }
        }
        throw new IOException(file + ":" + lineNo + ": no \"timestamp\"");
    }

    private static boolean startsWith(byte[] line, byte[] prefix, int at) {
        if (at + prefix.length > line.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static long number(byte[] line, int at, Path file, int lineNo) throws IOException {
        long value = 0;
        int i = at;
        while (i < line.length && line[i] >= '0' && line[i] <= '9') {
            value = value * 10 + (line[i] - '0');
            i++;
        }
        if (i == at) {
            throw new IOException(file + ":" + lineNo + ": expected a number at byte " + at);
        }
        return value;
    }

    /** A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version 7, variant 10, random bits. */
    static String uuidV7(long unixMs, Random random) {
        long msb = (unixMs << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
