package dev.replaymesh.bench;

/** Progress and errors go to stderr; stdout holds only the result lines. */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.err.printf("loadgen: " + format + "%n", args);
    }
}
