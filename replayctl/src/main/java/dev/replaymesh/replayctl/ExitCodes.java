package dev.replaymesh.replayctl;

/** What replayctl's exit code says. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int UNAUTHORIZED = 4;
    public static final int UNAVAILABLE = 5;

    private ExitCodes() {
    }

    /** The exit code for an HTTP status the service answered. */
    static int ofHttpStatus(int status) {
        return switch (status) {
            case 400, 413, 422 -> REFUSED;
            case 401, 403 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            default -> UNAVAILABLE;
        };
    }
}
