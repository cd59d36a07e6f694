package dev.replaymesh.playback.grpc;

import dev.replaymesh.format.VerifiedFrame;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One PlayBatched message, already in the wire form of {@code replay.v1.EventBatch}: each event is
 * field 1, length-delimited, and its bytes are the verified frame body it was stored as (a frame
 * body is the event's protobuf encoding). Sending stored bodies as they are spares parsing them
 * into a batch and encoding it again, which was a quarter of the service's time per session.
 */
record FrameBatch(byte[] wire) {

    /** Field 1 ({@code events}), wire type 2 (length-delimited). */
    private static final byte EVENTS_TAG = 0x0a;

    /** Writes batches; the service never reads one, so parsing is refused. */
    static final MethodDescriptor.Marshaller<FrameBatch> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(FrameBatch batch) {
            return new WireStream(batch.wire);
        }

        @Override
        public FrameBatch parse(InputStream stream) {
            throw new UnsupportedOperationException("FrameBatch is written by the service, never read by it");
        }
    };

    /** A verified chunk's frames as batches of at most {@code maxBytes} of events (one event may be larger). */
    static List<FrameBatch> of(List<VerifiedFrame> frames, int maxBytes) {
        List<FrameBatch> batches = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < frames.size(); i++) {
            int size = frames.get(i).body().length;
            if (bytes > 0 && bytes + size > maxBytes) {
                batches.add(encode(frames, start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (start < frames.size()) {
            batches.add(encode(frames, start, frames.size()));
        }
        return batches;
    }

    private static FrameBatch encode(List<VerifiedFrame> frames, int from, int to) {
        int length = 0;
        for (int i = from; i < to; i++) {
            int body = frames.get(i).body().length;
            length += 1 + varintLength(body) + body;
        }
        byte[] wire = new byte[length];
        int pos = 0;
        for (int i = from; i < to; i++) {
            byte[] body = frames.get(i).body();
            wire[pos++] = EVENTS_TAG;
            pos = writeVarint(body.length, wire, pos);
            System.arraycopy(body, 0, wire, pos, body.length);
            pos += body.length;
        }
        return new FrameBatch(wire);
    }

    private static int varintLength(int value) {
        int n = 1;
        while ((value & ~0x7f) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    private static int writeVarint(int value, byte[] buf, int pos) {
        while ((value & ~0x7f) != 0) {
            buf[pos++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return pos;
    }

    /** Lets the transport take the length up front and copy the array once. */
    private static final class WireStream extends ByteArrayInputStream implements KnownLength, Drainable {
        WireStream(byte[] wire) {
            super(wire);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = count - pos;
            target.write(buf, pos, n);
            pos = count;
            return n;
        }
    }
}
