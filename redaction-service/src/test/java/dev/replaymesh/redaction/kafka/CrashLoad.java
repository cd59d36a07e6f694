package dev.replaymesh.redaction.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.replaymesh.format.Crc32c;
import dev.replaymesh.proto.v1.Event;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The load of {@link RedactionCrashIT}: sessions as rrweb would record a sign-in page (Meta, FullSnapshot, then mouse
 * moves, clicks, scrolls, typing into an email and a password input, and Mutations adding text that names email
 * addresses), with secrets that are unique per session so a leak names its session.
 *
 * <p>Nothing in these pages is blocked or ignored, so the default rules never drop one of these events, with or
 * without the session's DOM mirror: every captured event has exactly one redacted counterpart.
 */
final class CrashLoad {

    static final String PROJECT = "demo";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_MS = 1_790_000_000_000L;

    /** One session: its events in capture order and what must never come out of redaction. */
    record Session(String id, List<Event> events, Set<String> secrets) {
    }

    private CrashLoad() {
    }

    /**
     * {@code count} sessions of {@code eventsPerSession} events each (at least 60), numbered from {@code first}: the
     * number is in the session id and in its secrets, so sessions of different numbers share no secret.
     */
    static List<Session> sessions(String prefix, int first, int count, int eventsPerSession, long seed) {
        List<Session> sessions = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            sessions.add(session(prefix + "-" + i, i, eventsPerSession, new Random(seed + i)));
        }
        return sessions;
    }

    static Session session(String id, int n, int eventsPerSession, Random random) {
        String email = "olivia.k" + n + "@example.com";
        String password = "Tr0ub4dor-" + n + "-correct-Horse!";
        Set<String> secrets = new LinkedHashSet<>(List.of(email, password));
        List<ObjectNode> payloads = new ArrayList<>();
        long[] clock = {START_MS + n * 1_000L};

        payloads.add(event(4, clock, data -> data.put("href", "https://app.acme.test/account/sign-in")
                .put("width", 1280).put("height", 800)));
        payloads.add(event(2, clock, data -> {
            data.set("node", snapshot(email));
            data.putObject("initialOffset").put("left", 0).put("top", 0);
        }));

        // What the user does, in an order that keeps the typing of each field together.
        List<Runnable> steps = new ArrayList<>();
        int nextId = 100;
        int typed = 0;
        int mutations = 0;
        int remaining = eventsPerSession - 2;
        // Typing: one Input event per character, as rrweb records it.
        steps.add(() -> payloads.add(click(clock, 11)));
        for (int c = 1; c <= email.length(); c++) {
            String value = email.substring(0, c);
            steps.add(() -> payloads.add(input(clock, 11, value)));
        }
        steps.add(() -> payloads.add(click(clock, 14)));
        for (int c = 1; c <= password.length(); c++) {
            String value = password.substring(0, c);
            steps.add(() -> payloads.add(input(clock, 14, value)));
        }
        typed = steps.size();
        List<Runnable> background = new ArrayList<>();
        while (typed + background.size() < remaining) {
            int kind = random.nextInt(10);
            if (kind < 3) {
                // A feed line naming a billing address, added under the feed list.
                String address = "billing." + n + "." + mutations + "@example.org";
                secrets.add(address);
                int li = nextId++;
                int text = nextId++;
                background.add(() -> payloads.add(addFeedLine(clock, li, text, "Invoice sent to " + address)));
                mutations++;
            } else if (kind < 4) {
                String address = "olivia.k" + n + "+" + mutations + "@example.com";
                secrets.add(address);
                background.add(() -> payloads.add(statusText(clock, "Signed in as " + address)));
                mutations++;
            } else if (kind < 5) {
                int y = random.nextInt(2000);
                background.add(() -> payloads.add(event(3, clock, d -> d.put("source", 3).put("id", 1).put("x", 0)
                        .put("y", y))));
            } else {
                int x = random.nextInt(1280);
                int y = random.nextInt(800);
                int target = 7 + random.nextInt(12);
                background.add(() -> payloads.add(event(3, clock, d -> {
                    d.put("source", 1);
                    ArrayNode positions = d.putArray("positions");
                    for (int p = 0; p < 3; p++) {
                        positions.addObject().put("x", x + p * 7).put("y", y + p * 3).put("id", target)
                                .put("timeOffset", -50 * (2 - p));
                    }
                })));
            }
        }
        // Interleave the background activity with the typing, keeping each list's own order.
        int t = 0;
        int b = 0;
        while (t < steps.size() || b < background.size()) {
            boolean takeTyping = b >= background.size()
                    || (t < steps.size() && random.nextInt(steps.size() + background.size()) < steps.size());
            (takeTyping ? steps.get(t++) : background.get(b++)).run();
        }

        List<Event> events = new ArrayList<>(payloads.size());
        for (int seq = 0; seq < payloads.size(); seq++) {
            ObjectNode payload = payloads.get(seq);
            byte[] bytes = bytes(payload);
            events.add(Event.newBuilder()
                    .setProject(PROJECT)
                    .setSessionId(id)
                    .setWindowId("w-" + n)
                    .setSeq(seq)
                    .setClientSeq(seq)
                    .setClientTimestampMs(payload.get("timestamp").asLong())
                    .setServerReceivedMs(payload.get("timestamp").asLong() + 40)
                    .setEventType(payload.get("type").asInt())
                    .setDistinctId("user-" + n)
                    .setPayload(ByteString.copyFrom(bytes))
                    .setPayloadCrc32C(Crc32c.of(bytes))
                    .build());
        }
        return new Session(id, events, secrets);
    }

    /** A sign-in page: email and password inputs, a status line naming the account, an empty feed list. */
    private static ObjectNode snapshot(String email) {
        ObjectNode doc = JSON.createObjectNode().put("type", 0).put("id", 1);
        ArrayNode top = doc.putArray("childNodes");
        top.addObject().put("type", 1).put("name", "html").put("publicId", "").put("systemId", "").put("id", 2);
        ObjectNode html = element(top, "html", 3);
        ObjectNode head = element(html.withArray("childNodes"), "head", 4);
        ObjectNode title = element(head.withArray("childNodes"), "title", 5);
        text(title, "Sign in · Acme", 6);
        ObjectNode body = element(html.withArray("childNodes"), "body", 7);
        ObjectNode form = element(body.withArray("childNodes"), "form", 8);
        attrs(form).put("action", "/session").put("method", "post");
        text(element(form.withArray("childNodes"), "label", 9), "Email", 10);
        attrs(element(form.withArray("childNodes"), "input", 11)).put("type", "email")
                .put("name", "email").put("value", "");
        text(element(form.withArray("childNodes"), "label", 12), "Password", 13);
        attrs(element(form.withArray("childNodes"), "input", 14)).put("type", "password")
                .put("name", "password").put("value", "");
        text(element(form.withArray("childNodes"), "button", 15), "Sign in", 16);
        ObjectNode status = element(body.withArray("childNodes"), "div", 17);
        attrs(status).put("id", "status");
        text(status, "Signed in as " + email, 18);
        attrs(element(body.withArray("childNodes"), "ul", 19)).put("id", "feed");
        return doc;
    }

    private static ObjectNode element(ArrayNode parent, String tag, int id) {
        ObjectNode e = parent.addObject().put("type", 2).put("tagName", tag);
        e.putObject("attributes");
        e.putArray("childNodes");
        e.put("id", id);
        return e;
    }

    private static ObjectNode attrs(ObjectNode element) {
        return (ObjectNode) element.get("attributes");
    }

    private static void text(ObjectNode parent, String content, int id) {
        parent.withArray("childNodes").addObject().put("type", 3).put("textContent", content).put("id", id);
    }

    private static ObjectNode click(long[] clock, int id) {
        return event(3, clock, d -> d.put("source", 2).put("type", 2).put("id", id).put("x", 320).put("y", 260)
                .put("pointerType", 0));
    }

    private static ObjectNode input(long[] clock, int id, String value) {
        return event(3, clock, d -> d.put("source", 5).put("text", value).put("isChecked", false).put("id", id));
    }

    private static ObjectNode addFeedLine(long[] clock, int li, int text, String content) {
        return event(3, clock, d -> {
            d.put("source", 0);
            d.putArray("texts");
            d.putArray("attributes");
            d.putArray("removes");
            ArrayNode adds = d.putArray("adds");
            ObjectNode item = adds.addObject().put("parentId", 19);
            item.putNull("nextId");
            ObjectNode node = item.putObject("node").put("type", 2).put("tagName", "li").put("id", li);
            node.putObject("attributes");
            node.putArray("childNodes");
            ObjectNode line = adds.addObject().put("parentId", li);
            line.putNull("nextId");
            line.putObject("node").put("type", 3).put("textContent", content).put("id", text);
        });
    }

    private static ObjectNode statusText(long[] clock, String content) {
        return event(3, clock, d -> {
            d.put("source", 0);
            d.putArray("texts").addObject().put("id", 18).put("value", content);
            d.putArray("attributes");
            d.putArray("removes");
            d.putArray("adds");
        });
    }

    private static ObjectNode event(int type, long[] clock, java.util.function.Consumer<ObjectNode> data) {
        clock[0] += 17;
        ObjectNode event = JSON.createObjectNode().put("type", type);
        data.accept(event.putObject("data"));
        event.put("timestamp", clock[0]);
        return event;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
