package dev.replaymesh.playback.testing;

import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.objectstore.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A scripted visit to a small page recorded with rrweb in headless Chromium
 * (browser/replay/record-page.mjs), stored in the bucket as a session, with the page's structure
 * when the recording ended: what a replay of it must show at its end.
 *
 * @param events    the stored events
 * @param structure the live page's structure at the end (browser/replay/dom-structure.js)
 */
public record RecordedPage(List<Event> events, String structure) {

    public String sessionId() {
        return events.get(0).getSessionId();
    }

    public static RecordedPage recordAndStore(ObjectStore store, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path recorded = dir.resolve("recorded.ndjson").toAbsolutePath();
        Path structure = dir.resolve("recorded-structure.txt").toAbsolutePath();
        BrowserScripts.run("record-page.mjs", 120, recorded.toString(), structure.toString());
        List<Event> events = SyntheticSession.recorded("demo", SyntheticSession.newId(),
                Files.readAllLines(recorded).stream().filter(l -> !l.isBlank()).toList(), "w1");
        new SessionFixture(store).store(events, 20);
        return new RecordedPage(events, Files.readString(structure));
    }
}
