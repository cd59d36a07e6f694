package dev.replaymesh.format;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Builds frames from raw parts, independently of FrameCodec, to feed it foreign input. */
final class RawFrames {

    private RawFrames() {
    }

    static byte[] frame(int version, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(version);
        try {
            CodedOutputStream varint = CodedOutputStream.newInstance(out);
            varint.writeUInt32NoTag(body.length);
            varint.flush();
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] covered = out.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(covered);
        return ByteBuffer.allocate(covered.length + 4).put(covered).putInt((int) crc.getValue()).array();
    }

    static byte[] frame(byte[] body) {
        return frame(FrameCodec.MAJOR_VERSION, body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
