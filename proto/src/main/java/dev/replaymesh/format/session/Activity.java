package dev.replaymesh.format.session;

import java.util.List;

/**
 * What the user did in the session, read off its rrweb events.
 *
 * @param activeMs time with user input (mouse, touch, scroll, keys) at most
 *                 {@value #IDLE_GAP_MS} ms apart
 * @param clicks   mouse clicks and taps
 * @param errors   console errors (rrweb console plugin, level {@code error})
 * @param urls     pages visited in order (Meta events), each once, at most {@value #MAX_URLS}
 */
public record Activity(long activeMs, long clicks, long errors, List<String> urls) {

    public static final long IDLE_GAP_MS = 5_000;
    public static final int MAX_URLS = 100;
    public static final Activity NONE = new Activity(0, 0, 0, List.of());
}
