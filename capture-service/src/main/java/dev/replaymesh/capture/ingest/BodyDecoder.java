package dev.replaymesh.capture.ingest;

import dev.replaymesh.capture.service.CaptureRefusedException;
import dev.replaymesh.capture.service.Refusal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Undoes the {@code Content-Encoding} of a request body. Inflation stops as soon as the output
 * passes its limit, so a decompression bomb costs at most the limit in memory and time.
 */
public final class BodyDecoder {

    private final long maxInflated;

    public BodyDecoder(long maxInflated) {
        this.maxInflated = maxInflated;
    }

    public byte[] decode(byte[] body, String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            return body;
        }
        if (contentEncoding.equalsIgnoreCase("gzip") || contentEncoding.equalsIgnoreCase("x-gzip")) {
            return gunzip(body);
        }
        throw new CaptureRefusedException(Refusal.UNSUPPORTED_MEDIA_TYPE,
                "Content-Encoding '" + contentEncoding + "' is not supported; use gzip or none");
    }

    /** The body inflated, refused as INVALID if it is not gzip and as TOO_LARGE past the limit. */
    public byte[] gunzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 4, 1 << 20));
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), buffer.length)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxInflated) {
                    throw new CaptureRefusedException(Refusal.TOO_LARGE,
                            "gzip body inflates past the limit of " + maxInflated + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (ZipException e) {
            throw new CaptureRefusedException(Refusal.INVALID, "body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new CaptureRefusedException(Refusal.INVALID, "body could not be inflated: " + e.getMessage());
        }
        return out.toByteArray();
    }
}
