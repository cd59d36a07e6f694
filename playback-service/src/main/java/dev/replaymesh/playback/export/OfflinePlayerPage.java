package dev.replaymesh.playback.export;

import dev.replaymesh.playback.stream.PlaybackCursor;
import dev.replaymesh.proto.v1.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code index.html} of a package: the rrweb player (its UMD bundle and CSS, built into
 * {@code /player/} from the npm package) and the session's events, all inline, so that the page
 * plays when opened from disk with no network. Events are written as they come from the cursor.
 */
@ApplicationScoped
public class OfflinePlayerPage {

    private static final Pattern SCRIPT_END = Pattern.compile("(?i)</script");

    private final String[] template;
    private final String playerJs;
    private final String playerCss;

    public OfflinePlayerPage() {
        this.template = resource("/player/offline.html").split("\\{\\{events}}", -1);
        if (template.length != 2) {
            throw new IllegalStateException("player/offline.html must hold {{events}} once");
        }
        // Neither may end its own element early; the bundles hold no such text today.
        this.playerJs = SCRIPT_END.matcher(resource("/player/rrweb-player.js")).replaceAll("<\\\\/script");
        this.playerCss = resource("/player/rrweb-player.css").replace("</style", "<\\/style");
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
        out.write(fill(template[0], title, heading).getBytes(StandardCharsets.UTF_8));
        out.write('[');
        boolean first = true;
        for (List<Event> events = cursor.next(); events != null; events = cursor.next()) {
            for (Event e : events) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                writeEscaped(e.getPayload().toByteArray(), out);
            }
        }
        out.write(']');
        out.write(fill(template[1], title, heading).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A JSON text inside a script element: {@code <} only occurs inside JSON strings, where
     * {@code \u003c} means the same, so no event can close the element or open a comment.
     */
    private static void writeEscaped(byte[] json, OutputStream out) throws IOException {
        int from = 0;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '<') {
                out.write(json, from, i - from);
                out.write(LT);
                from = i + 1;
            }
        }
        out.write(json, from, json.length - from);
    }

    private static final byte[] LT = "\\u003c".getBytes(StandardCharsets.US_ASCII);

    private String fill(String part, String title, String heading) {
        // The bundles go in last, so that no text inside them is taken for a placeholder.
        return part.replace("{{title}}", html(title)).replace("{{heading}}", html(heading))
                .replace("{{player-css}}", playerCss).replace("{{player-js}}", playerJs);
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
