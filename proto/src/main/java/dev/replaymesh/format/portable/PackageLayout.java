package dev.replaymesh.format.portable;

import java.util.List;

/**
 * The files of a portable package (a ZIP; docs/FORMAT.md, "Portable package"), in the order
 * they are written. Every file but {@code SHA256SUMS} and the signature is listed with its
 * SHA-256 and size in {@code manifest.json}; {@code SHA256SUMS} lists every other file, so that
 * {@code sha256sum -c SHA256SUMS} checks an unzipped package with no tool of ours.
 */
public final class PackageLayout {

    /** The {@code format} field of every package manifest. */
    public static final String FORMAT = "replay-mesh-package";
    /** One rrweb event JSON per line, in sequence order, exactly as stored. */
    public static final String EVENTS = "events.ndjson";
    /** What redaction removed from the session (rule totals; never the removed values). */
    public static final String REDACTION_REPORT = "redaction-report.json";
    /** A player that plays the package's events when opened from disk, with no network. */
    public static final String PLAYER = "index.html";
    public static final String MANIFEST = "manifest.json";
    public static final String SHA256SUMS = "SHA256SUMS";
    /** Optional: the Ed25519 signature of {@code manifest.json}, base64, by the key its {@code signer} names. */
    public static final String SIGNATURE = "manifest.sig";

    public static final List<String> REQUIRED = List.of(EVENTS, REDACTION_REPORT, PLAYER, MANIFEST, SHA256SUMS);

    private PackageLayout() {
    }
}
