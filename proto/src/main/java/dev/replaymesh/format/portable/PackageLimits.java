package dev.replaymesh.format.portable;

/**
 * What a reader accepts from a package before it has checked anything, so that a hostile file
 * cannot fill a disk or a heap.
 *
 * @param maxFileBytes  largest file once inflated
 * @param maxTotalBytes largest package once inflated
 * @param maxRatio      most bytes inflated per compressed byte read (NDJSON of rrweb events
 *                      deflates about 5-15x; a zip bomb, thousands)
 */
public record PackageLimits(long maxFileBytes, long maxTotalBytes, int maxRatio) {

    /** Most files a package may hold (the five of format 1.0 and a signature, with room to grow). */
    public static final int MAX_ENTRIES = 16;

    public static final PackageLimits DEFAULT = new PackageLimits(1L << 30, 2L << 30, 200);
}
