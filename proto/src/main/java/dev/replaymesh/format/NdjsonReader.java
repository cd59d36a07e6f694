package dev.replaymesh.format;

import dev.replaymesh.proto.v1.Event;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads consecutive NDJSON lines from a stream. Lines end with {@code \n} (a preceding {@code \r}
 * is allowed); blank lines are skipped but counted; the last line may lack its newline. Not
 * thread-safe. After a {@link FormatException} the reader stays usable: the next call reads the
 * line after the bad one, so a caller may skip bad lines if it wants to.
 */
public final class NdjsonReader implements AutoCloseable {

    private static final int INITIAL_BUFFER = 8192;

    private final InputStream in;
    private final NdjsonCodec codec;
    private byte[] buf = new byte[INITIAL_BUFFER];
    /** Unconsumed bytes are buf[start, end). */
    private int start;
    private int end;
    private boolean eof;
    /** Inside an over-long line that was reported but not yet read to its end. */
    private boolean discarding;
    private long lineNumber;

    NdjsonReader(InputStream in, NdjsonCodec codec) {
        this.in = in;
        this.codec = codec;
    }

    /**
     * The next event, or {@code null} at the end of the stream.
     *
     * @throws CorruptLineException if a line is invalid or longer than the codec's limit; names
     *     the 1-based line number
     * @throws UnsupportedFormatVersionException if a line has an unknown major version
     */
    public Event next() throws IOException {
        while (true) {
            int lineEnd = nextLineEnd();
            if (lineEnd < 0) {
                return null;
            }
            lineNumber++;
            int lineStart = start;
            start = Math.min(lineEnd + 1, end);
            if (!isBlank(lineStart, lineEnd)) {
                return codec.decodeLine(buf, lineStart, lineEnd - lineStart, lineNumber);
            }
        }
    }

    /** Number of the line last read (1-based), counting blank lines; 0 before the first. */
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Index in buf of the newline ending the next line (or the end of the data for a last line
     * without one), or -1 when no data is left.
     */
    private int nextLineEnd() throws IOException {
        if (discarding) {
            discardRestOfLine();
        }
        int scanFrom = start;
        while (true) {
            for (int i = scanFrom; i < end; i++) {
                if (buf[i] == '\n') {
                    if (i - start > codec.maxLineLength()) {
                        start = i + 1;
                        throw tooLong();
                    }
                    return i;
                }
            }
            if (end - start > codec.maxLineLength()) {
                start = end;
                discarding = true;
                throw tooLong();
            }
            if (eof) {
                return start < end ? end : -1;
            }
            scanFrom = end - start;
            fill();
        }
    }

    /** Drops the rest of an over-long line so that the next call starts on the line after it. */
    private void discardRestOfLine() throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buf[i] == '\n') {
                    start = i + 1;
                    discarding = false;
                    return;
                }
            }
            start = end;
            if (eof) {
                discarding = false;
                return;
            }
            fill();
        }
    }

    /** Moves the unconsumed bytes to the front, grows the buffer if full, and reads more. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            // Room for the longest line plus its newline, and no more.
            long grown = Math.min((long) buf.length * 2, (long) codec.maxLineLength() + 1);
            buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private CorruptLineException tooLong() {
        lineNumber++;
        return new CorruptLineException("longer than the maximum of " + codec.maxLineLength() + " bytes",
                lineNumber);
    }

    private boolean isBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
