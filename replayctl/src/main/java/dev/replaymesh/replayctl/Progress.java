package dev.replaymesh.replayctl;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * A progress bar on standard error for long transfers, redrawn at most ten times a second; silent
 * when standard error is not a terminal or {@code --quiet} is given, so that scripts see only results.
 */
final class Progress extends FilterInputStream {

    private final PrintStream out;
    private final String what;
    private final long total;
    private final boolean show;
    private long done;
    private long drawnAt;

    Progress(InputStream in, String what, long total, boolean quiet) {
        super(in);
        this.out = System.err;
        this.what = what;
        this.total = total;
        this.show = !quiet && System.console() != null;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (show && now - drawnAt > 100_000_000L) {
            drawnAt = now;
            out.print("\r" + line());
        }
    }

    /** The bar as it stands: {@code export  [#######.............]  41%  12.3 MB}. */
    String line() {
        String size = String.format("%.1f MB", done / 1e6);
        if (total <= 0) {
            return what + "  " + size;
        }
        int width = 30;
        int filled = (int) Math.min(width, width * done / total);
        return String.format("%s  [%s%s] %3d%%  %s", what, "#".repeat(filled), ".".repeat(width - filled),
                100 * done / total, size);
    }

    @Override
    public void close() throws IOException {
        super.close();
        if (show) {
            out.println("\r" + line());
        }
    }
}
