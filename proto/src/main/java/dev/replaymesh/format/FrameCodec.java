package dev.replaymesh.format;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.replaymesh.proto.v1.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * The binary event frame, one {@link Event} per frame:
 *
 * <pre>
 * frame := majorVersion (1 byte, 0x01)
 *        | bodyLength   (unsigned varint32, minimal encoding)
 *        | body         (protobuf-serialized replay.v1.Event)
 *        | crc          (4 bytes big-endian, CRC32C of majorVersion, bodyLength and body)
 * </pre>
 *
 * A stored chunk is frames back to back ({@link #reader}). Every decode also checks that the
 * event's {@code payload_crc32c} matches its payload. Instances are immutable and thread-safe.
 */
public final class FrameCodec {

    public static final int MAJOR_VERSION = 1;
    public static final int DEFAULT_MAX_BODY_LENGTH = 64 * 1024 * 1024;

    static final int CRC_LENGTH = 4;
    static final int MAX_VARINT32_LENGTH = 5;
    /** Version byte plus the longest length varint. */
    static final int MAX_HEADER_LENGTH = 1 + MAX_VARINT32_LENGTH;

    private final int maxBodyLength;

    public FrameCodec() {
        this(DEFAULT_MAX_BODY_LENGTH);
    }

    /** @param maxBodyLength longest body this codec writes or reads; longer frames are corrupt */
    public FrameCodec(int maxBodyLength) {
        if (maxBodyLength < 0) {
            throw new IllegalArgumentException("maxBodyLength must be >= 0: " + maxBodyLength);
        }
        this.maxBodyLength = maxBodyLength;
    }

    public int maxBodyLength() {
        return maxBodyLength;
    }

    /**
     * @throws IllegalArgumentException if the event's {@code payload_crc32c} does not match its
     *     payload, or its serialized size exceeds {@link #maxBodyLength()}
     */
    public byte[] encode(Event event) {
        byte[] frame = new byte[frameLength(event)];
        encode(event, frame, 0);
        return frame;
    }

    /**
     * The length of the event's frame.
     *
     * @throws IllegalArgumentException if its serialized size exceeds {@link #maxBodyLength()}
     */
    public int frameLength(Event event) {
        int bodyLength = event.getSerializedSize();
        if (bodyLength > maxBodyLength) {
            throw new IllegalArgumentException("event of " + bodyLength
                    + " bytes exceeds the maximum frame body length " + maxBodyLength);
        }
        return 1 + CodedOutputStream.computeUInt32SizeNoTag(bodyLength) + bodyLength + CRC_LENGTH;
    }

    /**
     * Writes the event's frame into {@code dst} from {@code offset}, which must have room for
     * {@link #frameLength} bytes: a chunk is built without a copy of each frame. Nothing is
     * written if the event cannot be encoded.
     *
     * @return the frame's length
     * @throws IllegalArgumentException as {@link #encode(Event)}
     */
    public int encode(Event event, byte[] dst, int offset) {
        int frameLength = frameLength(event);
        Events.requireValidPayloadCrc(event);
        int bodyLength = event.getSerializedSize();
        int bodyStart = offset + 1 + CodedOutputStream.computeUInt32SizeNoTag(bodyLength);
        int crcStart = bodyStart + bodyLength;
        dst[offset] = MAJOR_VERSION;
        writeVarint32(bodyLength, dst, offset + 1);
        CodedOutputStream body = CodedOutputStream.newInstance(dst, bodyStart, bodyLength);
        try {
            event.writeTo(body);
        } catch (IOException e) {
            throw new IllegalStateException("event changed size while being serialized", e);
        }
        body.checkNoSpaceLeft();
        writeIntBigEndian(Crc32c.of(dst, offset, crcStart - offset), dst, crcStart);
        return frameLength;
    }

    /**
     * Decodes an array that holds exactly one frame.
     *
     * @throws CorruptFrameException if the frame is truncated, has trailing bytes, or fails a check
     * @throws UnsupportedFormatVersionException if its major version is not {@value #MAJOR_VERSION}
     */
    public Event decode(byte[] frame) {
        if (frame.length == 0) {
            throw new CorruptFrameException("truncated: empty input", -1, -1);
        }
        checkVersion(frame[0] & 0xff, -1, -1);
        int bodyStart = 1;
        byte b;
        do {
            if (bodyStart == frame.length) {
                throw new CorruptFrameException("truncated inside the body length", -1, -1);
            }
            b = frame[bodyStart++];
        } while (b < 0 && bodyStart < MAX_HEADER_LENGTH);
        int bodyLength = parseBodyLength(frame, 1, bodyStart, -1, -1);
        long frameLength = (long) bodyStart + bodyLength + CRC_LENGTH;
        if (frame.length < frameLength) {
            throw new CorruptFrameException("truncated: body length " + bodyLength + " needs a frame of "
                    + frameLength + " bytes, have " + frame.length, -1, -1);
        }
        if (frame.length > frameLength) {
            throw new CorruptFrameException((frame.length - frameLength) + " trailing bytes after a frame of "
                    + frameLength + " bytes", -1, -1);
        }
        int crcStart = bodyStart + bodyLength;
        int computed = Crc32c.of(frame, 0, crcStart);
        return parseBody(frame, bodyStart, bodyLength, readIntBigEndian(frame, crcStart), computed, -1, -1);
    }

    /** Writes one frame; nothing is written if the event cannot be encoded. */
    public void write(Event event, OutputStream out) throws IOException {
        out.write(encode(event));
    }

    /**
     * A reader of consecutive frames. It buffers {@code in} (unless it already is buffered), so it
     * may read past the last frame it returned; closing it closes {@code in}.
     */
    public FrameReader reader(InputStream in) {
        return new FrameReader(in, this);
    }

    static void checkVersion(int version, long frameIndex, long byteOffset) {
        if (version != MAJOR_VERSION) {
            throw UnsupportedFormatVersionException.forFrame(version, frameIndex, byteOffset);
        }
    }

    /**
     * Parses the body length varint in {@code buf[off, end)}, which the caller has cut after the
     * first byte without a continuation bit (or after 5 bytes), and checks it against the limit
     * before anyone allocates the body.
     */
    int parseBodyLength(byte[] buf, int off, int end, long frameIndex, long byteOffset) {
        long value = 0;
        int shift = 0;
        for (int i = off; i < end; i++, shift += 7) {
            value |= (long) (buf[i] & 0x7f) << shift;
        }
        int last = buf[end - 1];
        if (last < 0) {
            throw new CorruptFrameException("body length varint longer than " + MAX_VARINT32_LENGTH + " bytes",
                    frameIndex, byteOffset);
        }
        if (value > 0xffff_ffffL) {
            throw new CorruptFrameException("body length does not fit in 32 bits", frameIndex, byteOffset);
        }
        // One length, one encoding: a padded varint would be a second way to write the same frame.
        if (last == 0 && end - off > 1) {
            throw new CorruptFrameException("body length varint is not minimally encoded", frameIndex, byteOffset);
        }
        if (value > maxBodyLength) {
            throw new CorruptFrameException("body length " + value + " exceeds the maximum " + maxBodyLength,
                    frameIndex, byteOffset);
        }
        return (int) value;
    }

    static Event parseBody(byte[] buf, int off, int len, int storedCrc, int computedCrc,
            long frameIndex, long byteOffset) {
        if (storedCrc != computedCrc) {
            throw new CorruptFrameException("frame CRC32C mismatch: stored " + Crc32c.hex(storedCrc)
                    + ", computed " + Crc32c.hex(computedCrc), frameIndex, byteOffset);
        }
        Event event;
        try {
            // Aliasing: the payload is a view of the frame's array rather than a copy of it.
            CodedInputStream in = CodedInputStream.newInstance(buf, off, len);
            in.enableAliasing(true);
            event = Event.parser().parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFrameException("body is not a valid replay.v1.Event: " + e.getMessage(),
                    frameIndex, byteOffset, e);
        }
        int payloadCrc = Crc32c.of(event.getPayload());
        if (event.getPayloadCrc32C() != payloadCrc) {
            throw new CorruptFrameException("payload CRC32C mismatch: payload_crc32c is "
                    + Crc32c.hex(event.getPayloadCrc32C()) + ", payload has " + Crc32c.hex(payloadCrc),
                    frameIndex, byteOffset);
        }
        return event;
    }

    static int crcOf(byte[] header, int headerLength, byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, headerLength);
        crc.update(body, 0, body.length);
        return (int) crc.getValue();
    }

    private static void writeVarint32(int value, byte[] buf, int pos) {
        while ((value & ~0x7f) != 0) {
            buf[pos++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf[pos] = (byte) value;
    }

    private static void writeIntBigEndian(int value, byte[] buf, int pos) {
        buf[pos] = (byte) (value >>> 24);
        buf[pos + 1] = (byte) (value >>> 16);
        buf[pos + 2] = (byte) (value >>> 8);
        buf[pos + 3] = (byte) value;
    }

    static int readIntBigEndian(byte[] buf, int pos) {
        return (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8
                | (buf[pos + 3] & 0xff);
    }
}
