package dev.replaymesh.redaction.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.replaymesh.redaction.mirror.Protection;
import dev.replaymesh.redaction.mirror.SessionMirror;
import dev.replaymesh.redaction.report.SessionReport;
import dev.replaymesh.redaction.rules.RuleSet;
import java.io.IOException;

/**
 * Redacts one rrweb event against its session's mirror. An event nothing applies to comes back
 * as the same byte array, so untouched events stay byte-identical; a changed one is written
 * compactly. An event that cannot be parsed is dropped and reported (fail closed).
 */
public final class EventRedactor {

    /** rrweb EventType values. */
    static final int FULL_SNAPSHOT = 2;
    static final int INCREMENTAL = 3;
    static final int META = 4;
    static final int CUSTOM = 5;
    static final int PLUGIN = 6;

    /** IncrementalSource values that carry page content. */
    static final int MUTATION = 0;
    static final int INPUT = 5;
    /** rrweb 1.x console output, stored like the console plugin's arguments. */
    static final int LEGACY_LOG = 11;
    /**
     * Sources that carry only ids, positions and timings: mouse move and interaction, scroll,
     * viewport resize, touch move, media interaction, drag, selection. Every other source
     * (canvas commands, fonts, legacy console logs, style sheets, custom elements, and sources
     * added after this was written) gets the patterns over its strings.
     */
    static final java.util.Set<Integer> CONTENT_FREE_SOURCES = java.util.Set.of(1, 2, 3, 4, 6, 7, 12, 14);

    public static final String UNPARSEABLE = "fail-closed:unparseable";

    private final ObjectMapper json;
    private final PluginRedactor plugins;

    public EventRedactor() {
        this.json = JsonMapper.builder()
                // Numbers keep their exact text: nothing but redacted strings may change.
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        this.json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(10_000).build());
        this.plugins = new PluginRedactor(json);
    }

    /**
     * The event's redacted payload: the same array when nothing changed, a new one when
     * something did, or null when the whole event is dropped.
     *
     * @param position the event's position in the session's capture log, for the report
     */
    public byte[] redact(RuleSet rules, SessionMirror mirror, SessionReport report, String project, byte[] payload,
            long position) {
        mirror.useRules(rules);
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (IOException e) {
            root = null;
        }
        if (!(root instanceof ObjectNode event)) {
            report.hit(UNPARSEABLE, "fail-closed", position, null, 0, 0, payload.length);
            report.seen(false, true);
            return null;
        }
        int type = event.path("type").asInt(-1);
        JsonNode data = event.get("data");
        String plugin = type == PLUGIN ? data.path("plugin").asText(null) : null;
        if (rules.drops(project, type, plugin)) {
            report.hit(plugin != null ? "drop:" + plugin : "drop:type-" + type, "drop", position, null, 0, 0, payload.length);
            report.seen(false, true);
            return null;
        }
        Redaction r = new Redaction(rules, mirror, report, project, position);
        boolean keep = redact(r, type, data instanceof ObjectNode d ? d : null, plugin);
        if (!keep) {
            report.seen(false, true);
            return null;
        }
        report.seen(r.changed, false);
        if (!r.changed) {
            return payload;
        }
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed event could not be written back", e);
        }
    }

    /** Returns false when the event must be dropped. */
    private boolean redact(Redaction r, int type, ObjectNode data, String plugin) {
        if (data == null) {
            return true;
        }
        switch (type) {
            case FULL_SNAPSHOT -> {
                JsonNode node = data.get("node");
                if (node instanceof ObjectNode root) {
                    r.mirror.reset(root, r.rules);
                    NodeRedactor.redact(r, root, !r.mirror.isKnown());
                }
            }
            case INCREMENTAL -> {
                return incremental(r, data);
            }
            case META -> {
                JsonNode href = data.get("href");
                if (href != null && href.isTextual()) {
                    String before = href.asText();
                    String after = r.url(before, "meta");
                    if (after != before) {
                        data.put("href", after);
                    }
                }
            }
            case PLUGIN -> plugins.redact(r, data, plugin);
            default -> StringScrubber.scrubAll(r, data, "event-" + type);
        }
        return true;
    }

    private boolean incremental(Redaction r, ObjectNode data) {
        int source = data.path("source").asInt(-1);
        if (source == MUTATION) {
            MutationRedactor.redact(r, data);
        } else if (source == INPUT) {
            return input(r, data);
        } else if (source == LEGACY_LOG) {
            plugins.consoleArguments(r, data.get("payload"));
            plugins.consoleArguments(r, data.get("trace"));
            StringScrubber.scrubAll(r, data, "source-" + source);
        } else if (!CONTENT_FREE_SOURCES.contains(source)) {
            int id = data.path("id").asInt(-1);
            Protection p = id < 0 ? Protection.NONE : r.mirror.protectionOf(id);
            if (p.blocked()) {
                // Drawing on a blocked canvas, or any change inside a blocked element, never leaves.
                r.hit(p.blockedBy(), "block", r.mirror.pathOf(id), 1, 0, data.toString().length());
                return false;
            }
            StringScrubber.scrubAll(r, data, "source-" + source);
        }
        return true;
    }

    /** An Input event: dropped for ignored or blocked inputs, value masked or scrubbed otherwise. */
    private boolean input(Redaction r, ObjectNode data) {
        int id = data.path("id").asInt(-1);
        Protection p = r.mirror.protectionOf(id);
        JsonNode text = data.get("text");
        int chars = text != null && text.isTextual() ? text.asText().length() : 0;
        if (p.blocked() || p.ignored()) {
            r.hit(p.blocked() ? p.blockedBy() : p.ignoredBy(), p.blocked() ? "block" : "ignore-input",
                    r.mirror.pathOf(id), 1, chars, chars);
            return false;
        }
        if (text != null && text.isTextual()) {
            String tag = r.mirror.tagOf(id);
            String before = text.asText();
            String after = InputValues.redact(r, id, tag == null ? "input" : tag, r.mirror.attributeOf(id, "type"), before, p);
            if (after != before) {
                data.put("text", after);
            }
        }
        return true;
    }
}
