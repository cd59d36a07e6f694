package dev.replaymesh.replayctl;

import dev.replaymesh.format.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * A progress bar on standard error for long transfers, redrawn at most ten times a second; silent
 * when standard error is not a terminal or {@code --quiet} is given, so that scripts see only results.
 */
final class Progress extends CountingInputStream {

    private final PrintStream out;
    private final String what;
    private final long total;
    private final boolean show;
    private long drawnAt;

    Progress(InputStream in, String what, long total, boolean quiet) {
        super(in);
        this.out = System.err;
        this.what = what;
        this.total = total;
        this.show = !quiet && System.console() != null;
    }

    @Override
    protected void onRead(byte[] b, int off, int len) {
        long now = System.nanoTime();
        if (show && now - drawnAt > 100_000_000L) {
            drawnAt = now;
            out.print("\r" + line());
        }
    }

    /** The bar as it stands: {@code export  [#######.............]  41%  12.3 MB}. */
    String line() {
        String size = String.format("%.1f MB", count() / 1e6);
        if (total <= 0) {
            return what + "  " + size;
        }
        int width = 30;
        int filled = (int) Math.min(width, width * count() / total);
        return String.format("%s  [%s%s] %3d%%  %s", what, "#".repeat(filled), ".".repeat(width - filled),
                100 * count() / total, size);
    }

    @Override
    public void close() throws IOException {
        super.close();
        if (show) {
            out.println("\r" + line());
        }
    }
}
