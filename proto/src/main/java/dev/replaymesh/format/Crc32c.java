package dev.replaymesh.format;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C (Castagnoli), as a Java {@code int} holding the unsigned 32-bit value. */
public final class Crc32c {

    private Crc32c() {
    }

    public static int of(byte[] data) {
        return of(data, 0, data.length);
    }

    public static int of(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        return (int) crc.getValue();
    }

    public static int of(ByteString data) {
        CRC32C crc = new CRC32C();
        // Walks the ByteString's own buffers instead of copying it into one array.
        for (ByteBuffer part : data.asReadOnlyByteBufferList()) {
            crc.update(part);
        }
        return (int) crc.getValue();
    }

    /** {@code 0x1234abcd}-style text of a CRC, for messages. */
    public static String hex(int crc) {
        return String.format("0x%08x", crc);
    }
}
