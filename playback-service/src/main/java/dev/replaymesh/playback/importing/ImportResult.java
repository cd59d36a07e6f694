package dev.replaymesh.playback.importing;

/**
 * What an import did.
 *
 * @param sessionId the new session, in the importing key's project
 * @param events    events sent on through redaction to storage
 * @param origin    where the session came from (also stored as the session's {@code origin.json})
 */
public record ImportResult(String sessionId, long events, Origin origin) {

    /**
     * @param source     {@code package} or {@code posthog}
     * @param project    the project it had (packages only)
     * @param sessionId  the id it had
     * @param distinctId its user
     * @param importedMs when it was imported
     * @param signature  who signed the package, as checked
     */
    public record Origin(String source, String project, String sessionId, String distinctId, long importedMs,
            Signature signature) {
    }

    /**
     * @param signed      the package carried a signature, and it matched
     * @param signer      the name the signer gave
     * @param fingerprint the signer's key, {@code sha256:...}
     * @param trusted     the key is this instance's own or one it is configured to trust
     */
    public record Signature(boolean signed, String signer, String fingerprint, boolean trusted) {
        public static final Signature UNSIGNED = new Signature(false, null, null, false);
    }
}
