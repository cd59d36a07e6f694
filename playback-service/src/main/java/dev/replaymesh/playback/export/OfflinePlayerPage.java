package dev.replaymesh.playback.export;

import dev.replaymesh.format.portable.PlayerPageEvents;
import dev.replaymesh.playback.stream.PlaybackCursor;
import dev.replaymesh.proto.v1.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code index.html} of a package: the rrweb player (its UMD bundle and CSS, built into
 * {@code /player/} from the npm package) and the session's events, all inline, so that the page
 * plays when opened from disk with no network. The template is cut at its placeholders once, with
 * the bundles' bytes ready, so an export only adds its title, heading and events.
 */
@ApplicationScoped
public class OfflinePlayerPage {

    private static final Pattern SCRIPT_END = Pattern.compile("(?i)</script");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");
    static final String EVENTS = "events";
    static final String TITLE = "title";
    static final String HEADING = "heading";

    private final String playerJs;
    private final String playerCss;
    /** The template's parts: fixed bytes, or the name of what each export fills in. */
    private final List<Object> parts = new ArrayList<>();

    public OfflinePlayerPage() {
        // Neither may end its own element early; the bundles hold no such text today.
        this.playerJs = SCRIPT_END.matcher(resource("/player/rrweb-player.js")).replaceAll("<\\\\/script");
        this.playerCss = resource("/player/rrweb-player.css").replace("</style", "<\\/style");
        String template = resource("/player/offline.html");
        if (!template.contains(PlayerPageEvents.OPEN + "{{" + EVENTS + "}}")) {
            throw new IllegalStateException("player/offline.html must hold " + PlayerPageEvents.OPEN + "{{events}}");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            parts.add(template.substring(at, m.start()).getBytes(StandardCharsets.UTF_8));
            parts.add(switch (m.group(1)) {
                case "player-js" -> playerJs.getBytes(StandardCharsets.UTF_8);
                case "player-css" -> playerCss.getBytes(StandardCharsets.UTF_8);
                case EVENTS, TITLE, HEADING -> m.group(1);
                default -> throw new IllegalStateException("unknown placeholder " + m.group());
            });
            at = m.end();
        }
        parts.add(template.substring(at).getBytes(StandardCharsets.UTF_8));
    }

    /** The player's JavaScript bundle, for pages served by this service. */
    public String playerJs() {
        return playerJs;
    }

    public String playerCss() {
        return playerCss;
    }

    /**
     * Writes the page.
     *
     * @param title   the page title (plain text)
     * @param heading what the page's header says (plain text)
     */
    public void write(OutputStream out, String title, String heading, PlaybackCursor cursor) throws IOException {
        for (Object part : parts) {
            if (part instanceof byte[] fixed) {
                out.write(fixed);
            } else if (part.equals(EVENTS)) {
                writeEvents(out, cursor);
            } else {
                out.write(html(part.equals(TITLE) ? title : heading).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void writeEvents(OutputStream out, PlaybackCursor cursor) throws IOException {
        out.write('[');
        boolean first = true;
        for (List<Event> events = cursor.next(); events != null; events = cursor.next()) {
            for (Event e : events) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                PlayerPageEvents.write(e.getPayload().toByteArray(), out);
            }
        }
        out.write(']');
    }

    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = OfflinePlayerPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path (built by src/main/player/build.sh)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
