package dev.replaymesh.storage.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.replaymesh.contract.EventTypes;
import dev.replaymesh.format.session.Activity;
import dev.replaymesh.proto.v1.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what the user did off the session's rrweb events: pages (Meta href), clicks, console
 * errors, time with input, and the end event. Looks only at the few fields it needs with a
 * streaming parser and never parses a FullSnapshot, so it costs little per event.
 */
final class ActivityTracker {

    /** rrweb IncrementalSource values that are user input. */
    private static final int MOUSE_MOVE = 1;
    private static final int MOUSE_INTERACTION = 2;
    private static final int SCROLL = 3;
    private static final int INPUT = 5;
    private static final int TOUCH_MOVE = 6;
    private static final int DRAG = 12;
    /** rrweb MouseInteractions: Click and TouchEnd (a tap). */
    private static final int CLICK = 2;
    private static final int TOUCH_END = 9;

    private static final String CONSOLE_PLUGIN = "rrweb/console@1";

    private static final JsonFactory JSON = new JsonFactory();

    private long activeMs;
    private long clicks;
    private long errors;
    private final Set<String> urls = new LinkedHashSet<>();
    private long lastInputTs = -1;

    ActivityTracker(Activity from) {
        this.activeMs = from.activeMs();
        this.clicks = from.clicks();
        this.errors = from.errors();
        this.urls.addAll(from.urls());
    }

    /** Takes the event into account; true if it is the session's end event. */
    boolean add(Event event) {
        int type = event.getEventType();
        if (type != EventTypes.INCREMENTAL_SNAPSHOT && type != EventTypes.META && type != EventTypes.PLUGIN
                && type != EventTypes.CUSTOM) {
            return false;
        }
        Fields f = read(event.getPayload().toByteArray(), type);
        switch (type) {
            case EventTypes.INCREMENTAL_SNAPSHOT -> {
                if (isInput(f.source)) {
                    long ts = event.getClientTimestampMs();
                    if (lastInputTs >= 0 && ts > lastInputTs && ts - lastInputTs <= Activity.IDLE_GAP_MS) {
                        activeMs += ts - lastInputTs;
                    }
                    lastInputTs = Math.max(lastInputTs, ts);
                }
                if (f.source == MOUSE_INTERACTION && (f.interaction == CLICK || f.interaction == TOUCH_END)) {
                    clicks++;
                }
            }
            case EventTypes.META -> {
                if (f.href != null && urls.size() < Activity.MAX_URLS) {
                    urls.add(f.href);
                }
            }
            case EventTypes.PLUGIN -> {
                if (CONSOLE_PLUGIN.equals(f.plugin) && "error".equals(f.level)) {
                    errors++;
                }
            }
            case EventTypes.CUSTOM -> {
                return EventTypes.SESSION_END_TAG.equals(f.tag);
            }
            default -> {
            }
        }
        return false;
    }

    Activity snapshot() {
        return new Activity(activeMs, clicks, errors, List.copyOf(new ArrayList<>(urls)));
    }

    private static boolean isInput(int source) {
        return source == MOUSE_MOVE || source == MOUSE_INTERACTION || source == SCROLL || source == INPUT
                || source == TOUCH_MOVE || source == DRAG;
    }

    /** The fields of {@code data} (and {@code data.payload.level}) this tracker uses. */
    private static final class Fields {
        final int type;
        int source = -1;
        int interaction = -1;
        String href;
        String plugin;
        String level;
        String tag;

        Fields(int type) {
            this.type = type;
        }

        /** Whether the rest of the event can change nothing: most events end their read early. */
        boolean complete() {
            return switch (type) {
                case EventTypes.INCREMENTAL_SNAPSHOT -> source >= 0 && (source != MOUSE_INTERACTION || interaction >= 0);
                case EventTypes.META -> href != null;
                case EventTypes.PLUGIN -> plugin != null && (!CONSOLE_PLUGIN.equals(plugin) || level != null);
                case EventTypes.CUSTOM -> tag != null;
                default -> true;
            };
        }
    }

    /**
     * Reads {@code data}'s fields until those this event type needs are known. rrweb writes
     * {@code source} first, so the body of a mutation or a scroll is never tokenised.
     */
    private static Fields read(byte[] json, int type) {
        Fields f = new Fields(type);
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return f;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("data".equals(name) && value == JsonToken.START_OBJECT) {
                    readData(p, f);
                    return f;
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // An event whose JSON is damaged counts for nothing here; it is stored as it came.
        }
        return f;
    }

    private static void readData(JsonParser p, Fields f) throws IOException {
        while (!f.complete() && p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "source" -> f.source = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                case "type" -> f.interaction = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                case "href" -> f.href = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "plugin" -> f.plugin = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "tag" -> f.tag = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "payload" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readLevel(p, f);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private static void readLevel(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("level".equals(name) && value == JsonToken.VALUE_STRING) {
                f.level = p.getText();
            } else {
                p.skipChildren();
            }
        }
    }
}
