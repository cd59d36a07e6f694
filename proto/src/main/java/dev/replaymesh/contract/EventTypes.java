package dev.replaymesh.contract;

/** rrweb {@code EventType} values, as carried in {@code Event.event_type}. */
public final class EventTypes {

    public static final int DOM_CONTENT_LOADED = 0;
    public static final int LOAD = 1;
    public static final int FULL_SNAPSHOT = 2;
    public static final int INCREMENTAL_SNAPSHOT = 3;
    public static final int META = 4;
    public static final int CUSTOM = 5;
    public static final int PLUGIN = 6;

    /**
     * {@code data.tag} of the Custom event a recorder sends when the session ends (the tab closes,
     * the user signs out): {@code {"type":5,"data":{"tag":"replay.session-end","payload":{}}}}.
     * Storage then writes what it holds at once instead of waiting for the inactivity timeout.
     */
    public static final String SESSION_END_TAG = "replay.session-end";

    private static final String[] NAMES = {
        "DomContentLoaded", "Load", "FullSnapshot", "IncrementalSnapshot", "Meta", "Custom", "Plugin",
    };

    private EventTypes() {
    }

    public static boolean isKnown(int type) {
        return type >= 0 && type < NAMES.length;
    }

    /** The rrweb name, e.g. {@code FullSnapshot}, or {@code Unknown(7)} for other values. */
    public static String name(int type) {
        return isKnown(type) ? NAMES[type] : "Unknown(" + type + ")";
    }
}
