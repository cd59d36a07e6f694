package dev.replaymesh.replayctl.posthog;

/** An answer of PostHog's API that retrying did not cure, with its HTTP status (0: no answer). */
public final class PostHogApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    PostHogApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The key was refused: no use going on with other recordings. */
    public boolean unauthorized() {
        return status == 401 || status == 403;
    }

    /** The recording is gone (404) or deleted (410): skip it. */
    public boolean gone() {
        return status == 404 || status == 410;
    }
}
