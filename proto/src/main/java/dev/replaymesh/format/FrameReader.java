package dev.replaymesh.format;

import dev.replaymesh.proto.v1.Event;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads consecutive frames (a stored chunk, a file) from a stream. Not thread-safe. After a
 * {@link FormatException} the stream position is unknown, so further reads are refused.
 */
public final class FrameReader implements AutoCloseable {

    private final InputStream in;
    private final FrameCodec codec;
    private final byte[] header = new byte[FrameCodec.MAX_HEADER_LENGTH];
    private final byte[] crc = new byte[FrameCodec.CRC_LENGTH];
    private long frameIndex;
    private long position;
    private boolean ended;
    private FormatException failure;

    FrameReader(InputStream in, FrameCodec codec) {
        // The header is read byte by byte, which must not turn into one system call per byte.
        this.in = in instanceof BufferedInputStream || in instanceof ByteArrayInputStream
                ? in : new BufferedInputStream(in);
        this.codec = codec;
    }

    /**
     * The next event, or {@code null} when the stream ends cleanly after a frame.
     *
     * @throws CorruptFrameException if a frame is truncated or fails a check; names the frame
     *     index and the byte offset where the frame starts
     * @throws UnsupportedFormatVersionException if a frame has an unknown major version
     */
    public Event next() throws IOException {
        VerifiedFrame frame = nextFrame();
        return frame == null ? null : frame.event();
    }

    /**
     * The next frame with the event parsed from it, or {@code null} when the stream ends cleanly
     * after a frame; failures as for {@link #next()}.
     */
    public VerifiedFrame nextFrame() throws IOException {
        if (failure != null) {
            throw new IllegalStateException("reader stopped after an earlier error: " + failure.getMessage());
        }
        if (ended) {
            return null;
        }
        try {
            VerifiedFrame frame = readFrame();
            if (frame == null) {
                ended = true;
            }
            return frame;
        } catch (FormatException e) {
            failure = e;
            throw e;
        }
    }

    /** Number of frames read so far. */
    public long framesRead() {
        return frameIndex;
    }

    /** Bytes consumed so far: the offset of the next frame. */
    public long position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private VerifiedFrame readFrame() throws IOException {
        int version = in.read();
        if (version < 0) {
            return null;
        }
        FrameCodec.checkVersion(version, frameIndex, position);
        header[0] = (byte) version;
        int headerLength = 1;
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw truncated("inside the body length");
            }
            header[headerLength++] = (byte) b;
        } while ((b & 0x80) != 0 && headerLength < FrameCodec.MAX_HEADER_LENGTH);
        int bodyLength = codec.parseBodyLength(header, 1, headerLength, frameIndex, position);
        // readNBytes grows its buffer as data arrives, so a lying length costs no more than the data.
        byte[] body = in.readNBytes(bodyLength);
        if (body.length < bodyLength) {
            throw truncated("after " + body.length + " of " + bodyLength + " body bytes");
        }
        int crcRead = in.readNBytes(crc, 0, FrameCodec.CRC_LENGTH);
        if (crcRead < FrameCodec.CRC_LENGTH) {
            throw truncated("inside the CRC");
        }
        Event event = FrameCodec.parseBody(body, 0, bodyLength, FrameCodec.readIntBigEndian(crc, 0),
                FrameCodec.crcOf(header, headerLength, body), frameIndex, position);
        frameIndex++;
        position += headerLength + bodyLength + FrameCodec.CRC_LENGTH;
        return new VerifiedFrame(event, body);
    }

    private CorruptFrameException truncated(String where) {
        return new CorruptFrameException("truncated " + where, frameIndex, position);
    }
}
