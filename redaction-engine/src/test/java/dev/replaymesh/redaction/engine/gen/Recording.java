package dev.replaymesh.redaction.engine.gen;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generated rrweb recording and what must hold once it is redacted.
 *
 * @param events       the event payloads in capture order
 * @param labels       what each event is, for failure messages
 * @param secrets      every string that must not survive, with where it was planted
 * @param expectations text nodes and text changes whose content must come out as planted
 * @param clean        indices of events with nothing to redact: they must come back as the same array
 */
public record Recording(List<byte[]> events, List<String> labels, Map<String, String> secrets,
        List<Expectation> expectations, Set<Integer> clean) {

    /**
     * Text of node {@code node} in event {@code event} (a text node, or a Mutation text change when
     * {@code textChange}) must start with {@code prefix}, end with {@code suffix} and keep its length: the ordinary
     * words around a masked secret stay byte-identical (the whole text when there is no secret).
     */
    public record Expectation(int event, int node, boolean textChange, String prefix, String suffix, int length) {
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Recording of ").append(events.size()).append(" events\n");
        for (int i = 0; i < events.size(); i++) {
            s.append(i).append(" [").append(labels.get(i)).append("] ")
                    .append(new String(events.get(i), StandardCharsets.UTF_8)).append('\n');
        }
        s.append("secrets:\n");
        secrets.forEach((secret, where) -> s.append("  ").append(secret.replace("\n", "\\n").replace("\t", "\\t"))
                .append("  <- ").append(where).append('\n'));
        return s.toString();
    }
}
