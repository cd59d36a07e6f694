package dev.replaymesh.redaction.engine.gen;

/**
 * A value planted into a recording: {@code text} goes into the page, {@code secret} is the part that must not
 * survive (the token of a Bearer header, everything otherwise).
 */
public record Planted(String kind, String text, String secret) {
}
