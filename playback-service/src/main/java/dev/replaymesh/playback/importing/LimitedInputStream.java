package dev.replaymesh.playback.importing;

import dev.replaymesh.format.CountingInputStream;
import dev.replaymesh.format.RefusedPackageException;
import dev.replaymesh.format.RefusedPackageException.Reason;
import java.io.InputStream;

/** Refuses a body once it passes a size, before it is all read. */
final class LimitedInputStream extends CountingInputStream {

    private final long limit;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    protected void onRead(byte[] b, int off, int len) {
        if (count() > limit) {
            throw new RefusedPackageException(Reason.TOO_LARGE, null, "the file is larger than " + limit + " bytes");
        }
    }
}
