package dev.replaymesh.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it, and shows each read to {@link #onRead} (to hash them, enforce
 * a limit or draw progress). Skipped bytes are not seen: callers that must see every byte read.
 */
public class CountingInputStream extends FilterInputStream {

    private final byte[] one = new byte[1];
    private long count;

    public CountingInputStream(InputStream in) {
        super(in);
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
            one[0] = (byte) b;
            onRead(one, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
            onRead(b, off, n);
        }
        return n;
    }

    /** Called after each read with the bytes it returned; {@link #count()} includes them. */
    protected void onRead(byte[] b, int off, int len) throws IOException {
    }
}
