package dev.replaymesh.redaction.engine.gen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.redaction.engine.gen.Recipe.Add;
import dev.replaymesh.redaction.engine.gen.Recipe.AttributeChange;
import dev.replaymesh.redaction.engine.gen.Recipe.Checkout;
import dev.replaymesh.redaction.engine.gen.Recipe.Console;
import dev.replaymesh.redaction.engine.gen.Recipe.ConsoleArg;
import dev.replaymesh.redaction.engine.gen.Recipe.Content;
import dev.replaymesh.redaction.engine.gen.Recipe.Custom;
import dev.replaymesh.redaction.engine.gen.Recipe.Drawn;
import dev.replaymesh.redaction.engine.gen.Recipe.Field;
import dev.replaymesh.redaction.engine.gen.Recipe.Header;
import dev.replaymesh.redaction.engine.gen.Recipe.Input;
import dev.replaymesh.redaction.engine.gen.Recipe.Marker;
import dev.replaymesh.redaction.engine.gen.Recipe.Meta;
import dev.replaymesh.redaction.engine.gen.Recipe.Move;
import dev.replaymesh.redaction.engine.gen.Recipe.Network;
import dev.replaymesh.redaction.engine.gen.Recipe.Noise;
import dev.replaymesh.redaction.engine.gen.Recipe.Param;
import dev.replaymesh.redaction.engine.gen.Recipe.Placement;
import dev.replaymesh.redaction.engine.gen.Recipe.Private;
import dev.replaymesh.redaction.engine.gen.Recipe.Protect;
import dev.replaymesh.redaction.engine.gen.Recipe.Remove;
import dev.replaymesh.redaction.engine.gen.Recipe.Request;
import dev.replaymesh.redaction.engine.gen.Recipe.Step;
import dev.replaymesh.redaction.engine.gen.Recipe.TextChange;
import dev.replaymesh.redaction.engine.gen.Recipe.Url;
import dev.replaymesh.redaction.engine.gen.Recipe.Where;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds a {@link Recording} from a {@link Recipe}: keeps a model of the page, emits the events rrweb would emit
 * for it, and notes what must not survive redaction (secrets, text of protected elements, typed values) and what
 * must (ordinary text of unprotected elements).
 */
public final class RecordingBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> PARENT_TAGS = Set.of("body", "div", "span", "p", "a", "ul", "li", "form", "button", "table",
            "tr", "td", "h1", "h2", "h3", "label", "section");
    static final Set<String> INPUT_TAGS = Set.of("input", "textarea", "select");
    /** Input types whose value is a label, not typed: the rules keep it (patterns still apply). */
    static final Set<String> LABEL_TYPES = Set.of("submit", "checkbox");
    /** Attributes a masked element's text is masked in, as the engine's TEXT_ATTRIBUTES. */
    static final Set<String> TEXT_ATTRIBUTES = Set.of("title", "alt", "placeholder", "aria-label");
    static final int MAX_DEPTH = 6;
    static final List<String> BASES = List.of("https://shop.example.test/checkout", "https://shop.example.test/account/orders",
            "/search", "https://app.acme.test/#/settings", "https://app.acme.test/reset", "/login");
    static final List<String> SENSITIVE_HEADERS = List.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key", "x-auth-token");
    static final List<String> SENSITIVE_FIELDS = List.of("password", "passwd", "pass", "secret", "token", "access_token",
            "refresh_token", "id_token", "api_key", "apikey", "card", "cardNumber", "cvv", "cvc", "ssn");
    static final List<String> SECRET_PARAMS = List.of("token", "session", "email", "code", "access_token", "api_key",
            "password", "sig");

    /** An element of the model page. */
    static final class El {
        final int id;
        final String tag;
        final Map<String, Object> attrs = new LinkedHashMap<>();
        final List<Object> children = new ArrayList<>();
        El parent;

        El(int id, String tag) {
            this.id = id;
            this.tag = tag;
        }

        @Override
        public String toString() {
            return tag + "#" + id;
        }
    }

    /** A text node; {@code prefix}/{@code suffix} are set while its text is checkable. */
    static final class Txt {
        final int id;
        String text;
        El parent;
        String prefix;
        String suffix;

        Txt(int id, String text) {
            this.id = id;
            this.text = text;
        }
    }

    /** A rendered {@link Content}. */
    record Text(String text, String prefix, String suffix, Planted secret) {
    }

    private int nextId = 1;
    private long time = 1_732_358_400_000L;
    private final List<byte[]> events = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final List<Recording.Expectation> expectations = new ArrayList<>();
    private final Set<Integer> clean = new HashSet<>();
    /** Set when the step being built planted something; such an event is not expected to come back unchanged. */
    private boolean dirty;
    private El document;
    private int doctypeId;
    private El body;

    private RecordingBuilder() {
    }

    /** The recording for {@code recipe}. */
    public static Recording build(Recipe recipe) {
        return new RecordingBuilder().run(recipe);
    }

    private Recording run(Recipe recipe) {
        dirty = false;
        String href = url(recipe.firstHref(), "meta href");
        meta(href);
        page(recipe);
        snapshot("initial");
        for (Step step : recipe.steps()) {
            dirty = false;
            int before = events.size();
            boolean cleanable = step(step);
            if (cleanable && !dirty) {
                for (int i = before; i < events.size(); i++) {
                    clean.add(i);
                }
            }
        }
        return new Recording(List.copyOf(events), List.copyOf(labels), Collections.unmodifiableMap(secrets),
                List.copyOf(expectations), Set.copyOf(clean));
    }

    // ---- the initial page --------------------------------------------------------------------------------------

    private void page(Recipe recipe) {
        document = new El(nextId++, "#document");
        doctypeId = nextId++;
        El html = element("html", document);
        html.attrs.put("lang", "en");
        El head = element("head", html);
        El title = element("title", head);
        Txt heading = text(title, "Shop — Checkout");
        heading.prefix = heading.text;
        heading.suffix = "";
        body = element("body", html);
        for (Recipe.Element e : recipe.elements()) {
            El parent = pick(parents(), e.parent());
            El el = element(e.tag(), parent);
            List<String> classes = new ArrayList<>(e.classes());
            if ("class".equals(e.marker().attribute)) {
                classes.add(0, e.marker().value);
            } else if (e.marker().attribute != null) {
                el.attrs.put(e.marker().attribute, e.marker().value);
            }
            classes.addAll(e.utilities());
            if (!classes.isEmpty()) {
                setClass(el, String.join(" ", classes));
            }
            for (Recipe.Attr a : e.attrs()) {
                el.attrs.put(a.name(), a.value());
            }
            String words = String.join(" ", e.text());
            switch (e.tag()) {
                case "input" -> {
                    el.attrs.put("type", e.inputType());
                    el.attrs.put("name", "field" + el.id);
                    switch (e.inputType()) {
                        case "checkbox" -> {
                            el.attrs.put("value", "on");
                            el.attrs.put("checked", Boolean.TRUE);
                        }
                        case "submit" -> el.attrs.put("value", "Send");
                        default -> {
                            if (!words.isEmpty()) {
                                el.attrs.put("value", words);
                            }
                        }
                    }
                }
                case "textarea" -> {
                    if (!words.isEmpty()) {
                        el.attrs.put("value", words);
                    }
                }
                case "select" -> {
                    el.attrs.put("value", "de");
                    for (String option : List.of("en", "de")) {
                        El o = element("option", el);
                        o.attrs.put("value", option);
                        text(o, option.equals("en") ? "English" : "Deutsch");
                    }
                }
                case "canvas" -> {
                    el.attrs.put("width", "300");
                    el.attrs.put("height", "150");
                }
                case "img" -> {
                    el.attrs.put("src", "/img/" + (e.text().isEmpty() ? "logo@2x.png" : "hero.png"));
                    if (!words.isEmpty()) {
                        el.attrs.put("alt", words);
                    }
                }
                default -> {
                    if ("a".equals(e.tag())) {
                        el.attrs.put("href", "/products/shoes?page=2&sort=asc");
                    }
                    if (!words.isEmpty()) {
                        Txt t = text(el, words);
                        t.prefix = words;
                        t.suffix = "";
                    }
                }
            }
        }
        for (Placement p : recipe.placements()) {
            place(p);
        }
        for (Private p : recipe.privates()) {
            hide(p);
        }
    }

    private void place(Placement p) {
        Content c = p.content();
        Text t = render(c, " ", " ");
        String kind = c.secret() == null ? "ordinary" : c.secret().kind();
        switch (p.where()) {
            case TEXT -> {
                El el = pick(parents(), p.target());
                Txt txt = text(el, t.text());
                txt.prefix = t.prefix();
                txt.suffix = t.suffix();
                plant(t.secret(), kind + " in text of " + el);
            }
            case INPUT_VALUE -> {
                List<El> inputs = live(e -> INPUT_TAGS.contains(e.tag));
                if (inputs.isEmpty()) {
                    return;
                }
                El el = pick(inputs, p.target());
                el.attrs.put("value", t.text());
                plant(t.secret(), kind + " in value of " + el);
            }
            case HREF_QUERY, HREF_PATH -> {
                El el = pick(links(), p.target());
                el.attrs.put("href", href(c.secret(), p.where() == Where.HREF_PATH, p.encoding(), el));
            }
            case ID -> {
                El el = pick(others(), p.target());
                if (c.secret().text().chars().anyMatch(Character::isWhitespace)) {
                    return;
                }
                el.attrs.put("id", c.secret().text());
                plant(c.secret(), kind + " as the id of " + el);
            }
            case SRCSET, DATA_SRC -> {
                List<El> images = live(e -> "img".equals(e.tag));
                El el = pick(images.isEmpty() ? others() : images, p.target());
                String name = SECRET_PARAMS.get(Math.floorMod(p.param(), SECRET_PARAMS.size()));
                String signed = "https://cdn.example.test/img/hero.jpg?w=640&" + name + "=" + p.opaque();
                el.attrs.put(p.where() == Where.SRCSET ? "srcset" : "data-src",
                        p.where() == Where.SRCSET ? signed + " 1x, " + signed.replace("w=640", "w=1280") + " 2x" : signed);
                hidden(p.opaque(), "signed image URL parameter " + name + " in " + p.where() + " of " + el);
            }
            default -> {
                El el = pick(others(), p.target());
                String name = attributeName(p.where());
                el.attrs.put(name, t.text());
                plant(t.secret(), kind + " in " + name + " of " + el);
            }
        }
    }

    /** Private text in a new element that carries a protection marker. */
    private void hide(Private p) {
        Marker marker = p.marker().blocks() || p.marker().masks() ? p.marker() : Marker.PH_NO_CAPTURE;
        El parent = pick(parents(), p.target());
        El wrapper = element("div", parent);
        mark(wrapper, marker);
        if (!p.utilities().isEmpty()) {
            Object cls = wrapper.attrs.get("class");
            setClass(wrapper, (cls == null ? "" : cls + " ") + String.join(" ", p.utilities()));
        }
        String where = "private text in " + marker + " " + wrapper + " (" + p.where() + ")";
        switch (p.where()) {
            case NESTED_TEXT -> text(element("span", wrapper), p.phrase());
            case TITLE -> wrapper.attrs.put("title", p.phrase());
            case INPUT_VALUE -> {
                El input = element("input", wrapper);
                input.attrs.put("type", "text");
                input.attrs.put("value", p.phrase());
            }
            case DATA -> {
                if (marker.blocks()) {
                    wrapper.attrs.put("data-note", p.phrase());
                } else {
                    text(wrapper, p.phrase());
                }
            }
            case HREF -> {
                if (marker.blocks()) {
                    El a = element("a", wrapper);
                    a.attrs.put("href", "/notes/" + encode(p.phrase(), 2));
                } else {
                    text(wrapper, p.phrase());
                }
            }
            default -> text(wrapper, p.phrase());
        }
        hiddenPhrase(p.phrase(), where);
    }

    // ---- steps -------------------------------------------------------------------------------------------------

    /** Emits the step's events; returns whether they may be clean (nothing protected or planted in them). */
    private boolean step(Step step) {
        if (step instanceof Noise n) {
            return noise(n);
        } else if (step instanceof Add a) {
            return add(a);
        } else if (step instanceof TextChange t) {
            return textChange(t);
        } else if (step instanceof AttributeChange a) {
            return attributeChange(a);
        } else if (step instanceof Protect p) {
            return protect(p);
        } else if (step instanceof Remove r) {
            return remove(r);
        } else if (step instanceof Move m) {
            return move(m);
        } else if (step instanceof Drawn d) {
            return drawn(d);
        } else if (step instanceof Input i) {
            return input(i);
        } else if (step instanceof Console c) {
            return console(c);
        } else if (step instanceof Network n) {
            return network(n);
        } else if (step instanceof Meta m) {
            meta(url(m.url(), "meta href"));
            return true;
        } else if (step instanceof Custom c) {
            return custom(c);
        } else if (step instanceof Checkout) {
            meta(BASES.get(0));
            snapshot("checkout");
            return false;
        }
        throw new IllegalArgumentException(String.valueOf(step));
    }

    private boolean noise(Noise n) {
        List<El> all = live(e -> true);
        int id = pick(all, n.target()).id;
        ObjectNode data = JSON.createObjectNode();
        int type = 3;
        switch (Math.floorMod(n.kind(), 7)) {
            case 0 -> {
                data.put("source", 1);
                ObjectNode pos = data.putArray("positions").addObject();
                pos.put("x", n.x() + 0.5);
                pos.put("y", n.y());
                pos.put("id", id);
                pos.put("timeOffset", -n.x() % 500);
            }
            case 1 -> {
                data.put("source", 2);
                data.put("type", 2);
                data.put("id", id);
                data.put("x", n.x());
                data.put("y", n.y());
            }
            case 2 -> {
                data.put("source", 3);
                data.put("id", id);
                data.put("x", 0);
                data.put("y", n.y());
            }
            case 3 -> {
                data.put("source", 4);
                data.put("width", 320 + n.x());
                data.put("height", 240 + n.y());
            }
            case 4 -> {
                data.put("source", 14);
                ObjectNode range = data.putArray("ranges").addObject();
                range.put("start", id);
                range.put("startOffset", 0);
                range.put("end", id);
                range.put("endOffset", 3);
            }
            case 5 -> {
                data.put("source", 7);
                data.put("type", 1);
                data.put("id", id);
                data.put("currentTime", n.x() / 4.0);
            }
            default -> type = 1;
        }
        emit(type, data, "noise");
        return true;
    }

    private boolean add(Add a) {
        List<El> parents = parents();
        if (a.preferProtected()) {
            List<El> protectedOnes = parents.stream().filter(e -> blocked(e) || masked(e)).toList();
            if (!protectedOnes.isEmpty()) {
                parents = protectedOnes;
            }
        }
        El parent = pick(parents, a.parent());
        El root = element(a.tag(), parent);
        mark(root, a.marker());
        Text t = render(a.content(), " ", " ");
        if (!t.text().isEmpty()) {
            Txt txt = text(root, t.text());
            txt.prefix = t.prefix();
            txt.suffix = t.suffix();
        }
        El last = root;
        for (int k = 0; k < a.children().size(); k++) {
            // every other child nests one level deeper
            El child = element(k % 2 == 0 ? "span" : "p", k % 2 == 0 ? root : last);
            String words = String.join(" ", a.children().get(k));
            if (!words.isEmpty()) {
                Txt txt = text(child, words);
                txt.prefix = words;
                txt.suffix = "";
            }
            last = child;
        }
        boolean isProtected = blocked(root) || masked(root);
        if (isProtected && blocked(root) && Math.floorMod(a.layout(), 6) >= 3) {
            root.attrs.put("data-note", a.phrase());
            hiddenPhrase(a.phrase(), "private data-note of blocked " + root + " added under " + parent);
        } else if (isProtected) {
            text(last, a.phrase());
            hiddenPhrase(a.phrase(), "private text added under " + (blocked(root) ? "blocked " : "masked ") + root);
        }
        plant(t.secret(), (t.secret() == null ? "" : t.secret().kind()) + " in text added under " + parent);
        ArrayNode adds = JSON.createArrayNode();
        if (Math.floorMod(a.layout(), 3) == 0) {
            adds.addObject().put("parentId", parent.id).putNull("nextId").set("node", node(root, true));
        } else {
            // as rrweb emits a new subtree: one add per node, children listed separately
            List<ObjectNode> list = new ArrayList<>();
            flatten(root, list);
            if (Math.floorMod(a.layout(), 3) == 2) {
                Collections.reverse(list);
            }
            list.forEach(adds::add);
        }
        int event = mutation(JSON.createArrayNode(), JSON.createArrayNode(), JSON.createArrayNode(), adds,
                "add under " + parent);
        expectTexts(root, event);
        return !isProtected;
    }

    private boolean textChange(TextChange c) {
        List<Txt> texts = liveTexts();
        if (texts.isEmpty()) {
            return false;
        }
        Txt txt = pick(texts, c.target());
        Text t = render(c.content(), " ", " ");
        String value = t.text();
        boolean isProtected = blocked(txt.parent) || masked(txt.parent);
        if (isProtected) {
            value = value + " " + c.phrase();
            hiddenPhrase(c.phrase(), "private text change in " + txt.parent);
        }
        plant(t.secret(), (t.secret() == null ? "" : t.secret().kind()) + " in text change in " + txt.parent);
        txt.text = value;
        txt.prefix = isProtected ? null : t.prefix();
        txt.suffix = isProtected ? null : t.suffix();
        ArrayNode change = JSON.createArrayNode();
        change.addObject().put("id", txt.id).put("value", value);
        int event = mutation(change, JSON.createArrayNode(), JSON.createArrayNode(), JSON.createArrayNode(),
                "text change in " + txt.parent);
        if (!isProtected) {
            expectations.add(new Recording.Expectation(event, txt.id, true, t.prefix(), t.suffix(), value.length()));
        }
        return !isProtected;
    }

    private boolean attributeChange(AttributeChange c) {
        Where where = c.where() == Where.TEXT ? Where.TITLE : c.where();
        El el;
        String value;
        String name;
        Text t = render(c.content(), " ", " ");
        String kind = c.content().secret() == null ? "" : c.content().secret().kind();
        if (where == Where.HREF_QUERY || where == Where.HREF_PATH) {
            el = pick(links(), c.target());
            name = "href";
            value = href(c.content().secret(), where == Where.HREF_PATH, c.encoding(), el);
        } else if (where == Where.INPUT_VALUE) {
            List<El> inputs = live(e -> INPUT_TAGS.contains(e.tag));
            if (inputs.isEmpty()) {
                return false;
            }
            el = pick(inputs, c.target());
            name = "value";
            value = t.text();
            plant(t.secret(), kind + " in value change of " + el);
            if (t.secret() == null && !("input".equals(el.tag) && LABEL_TYPES.contains(String.valueOf(el.attrs.get("type"))))) {
                // what a script or framework writes into the value attribute is what the user typed
                value = c.phrase();
                hiddenPhrase(value, "value attribute change of " + el + " " + el.attrs.get("type"));
            }
        } else {
            el = pick(others(), c.target());
            name = attributeName(where);
            value = t.text();
            plant(t.secret(), kind + " in " + name + " change of " + el);
        }
        boolean hides = (blocked(el) || (masked(el) && (TEXT_ATTRIBUTES.contains(name) || "value".equals(name))))
                && !value.endsWith(c.phrase());
        if (hides) {
            value = "href".equals(name) ? value + (value.contains("?") ? "&" : "?") + "note=" + encode(c.phrase(), 1)
                    : value + " " + c.phrase();
            hiddenPhrase(c.phrase(), "private " + name + " change of " + (blocked(el) ? "blocked " : "masked ") + el);
        }
        el.attrs.put(name, value);
        ArrayNode attributes = JSON.createArrayNode();
        ObjectNode change = attributes.addObject().put("id", el.id);
        change.putObject("attributes").put(name, value);
        mutation(JSON.createArrayNode(), attributes, JSON.createArrayNode(), JSON.createArrayNode(),
                name + " change of " + el);
        return !hides && !"value".equals(name) && !masked(el);
    }

    /** Protection and new content in one Mutation: the content is protected once the page has settled. */
    private boolean protect(Protect p) {
        Marker marker = p.marker().blocks() || p.marker().masks() ? p.marker() : Marker.RR_MASK;
        List<El> candidates = live(e -> e != body && PARENT_TAGS.contains(e.tag) && !blocked(e) && !masked(e));
        if (candidates.isEmpty()) {
            return false;
        }
        El el = pick(candidates, p.target());
        mark(el, marker);
        ArrayNode attributes = JSON.createArrayNode();
        ObjectNode change = attributes.addObject().put("id", el.id);
        change.putObject("attributes").put(marker.attribute, String.valueOf(el.attrs.get(marker.attribute)));
        ArrayNode texts = JSON.createArrayNode();
        ArrayNode adds = JSON.createArrayNode();
        List<Txt> inside = new ArrayList<>();
        collectTexts(el, inside);
        if (!p.viaAdd() && !inside.isEmpty()) {
            Txt txt = pick(inside, p.textPick());
            txt.text = p.phrase();
            txt.prefix = null;
            texts.addObject().put("id", txt.id).put("value", p.phrase());
        } else {
            El span = element("span", el);
            text(span, p.phrase());
            adds.addObject().put("parentId", el.id).putNull("nextId").set("node", node(span, true));
        }
        hiddenPhrase(p.phrase(), "private text in " + el + " given " + marker);
        mutation(texts, attributes, JSON.createArrayNode(), adds, marker + " and content for " + el);
        return false;
    }

    private boolean remove(Remove r) {
        List<El> candidates = live(e -> e != body);
        if (candidates.isEmpty()) {
            return false;
        }
        El el = pick(candidates, r.target());
        el.parent.children.remove(el);
        ArrayNode removes = JSON.createArrayNode();
        removes.addObject().put("parentId", el.parent.id).put("id", el.id);
        el.parent = null;
        mutation(JSON.createArrayNode(), JSON.createArrayNode(), removes, JSON.createArrayNode(), "remove " + el);
        return true;
    }

    private boolean move(Move m) {
        List<El> candidates = live(e -> e != body && !blocked(e.parent) && !masked(e.parent));
        if (candidates.isEmpty()) {
            return false;
        }
        El el = pick(candidates, m.target());
        List<El> parents = parents().stream().filter(p -> !within(p, el)).toList();
        if (parents.isEmpty()) {
            return false;
        }
        El to = pick(parents, m.parent());
        ArrayNode removes = JSON.createArrayNode();
        removes.addObject().put("parentId", el.parent.id).put("id", el.id);
        el.parent.children.remove(el);
        el.parent = to;
        to.children.add(el);
        List<ObjectNode> list = new ArrayList<>();
        flatten(el, list);
        if (m.reverse()) {
            Collections.reverse(list);
        }
        ArrayNode adds = JSON.createArrayNode();
        list.forEach(adds::add);
        int event = mutation(JSON.createArrayNode(), JSON.createArrayNode(), removes, adds, "move " + el + " to " + to);
        expectTexts(el, event);
        return false;
    }

    private static boolean within(El el, El root) {
        for (El e = el; e != null; e = e.parent) {
            if (e == root) {
                return true;
            }
        }
        return false;
    }

    private boolean drawn(Drawn d) {
        Text t = render(d.content(), " ", " ");
        ObjectNode data = JSON.createObjectNode();
        if (Math.floorMod(d.kind(), 2) == 0) {
            List<El> canvases = live(e -> "canvas".equals(e.tag));
            if (canvases.isEmpty()) {
                return false;
            }
            El canvas = pick(canvases, d.target());
            String text = t.text();
            if (blocked(canvas)) {
                text = text + " " + d.phrase();
                hiddenPhrase(d.phrase(), "fillText on blocked " + canvas);
            }
            plant(t.secret(), (t.secret() == null ? "" : t.secret().kind()) + " drawn with fillText on " + canvas);
            // rrweb's canvas recording (recordCanvas without sampling): the 2D calls, arguments as they were
            data.put("source", 9);
            data.put("id", canvas.id);
            data.put("type", 0);
            ArrayNode commands = data.putArray("commands");
            ObjectNode font = commands.addObject().put("property", "font");
            font.putArray("args").add("14px sans-serif");
            font.put("setter", true);
            ArrayNode args = commands.addObject().put("property", "fillText").putArray("args");
            args.add(text).add(10).add(50);
            emit(3, data, "canvas fillText on " + canvas);
        } else {
            plant(t.secret(), (t.secret() == null ? "" : t.secret().kind()) + " in an rrweb 1.x console log");
            // rrweb 1.x recorded the console as IncrementalSource.Log (11), arguments JSON-stringified
            data.put("source", 11);
            data.put("level", "log");
            data.putArray("trace").add("https://shop.example.test/app.js:12:5");
            data.putArray("payload").add(stringify(t.text()));
            emit(3, data, "rrweb 1.x console log");
        }
        return true;
    }

    private boolean input(Input in) {
        List<El> inputs = live(e -> INPUT_TAGS.contains(e.tag));
        if (inputs.isEmpty()) {
            return false;
        }
        El el = pick(inputs, in.target());
        String type = "input".equals(el.tag) ? String.valueOf(el.attrs.get("type")) : "";
        boolean label = LABEL_TYPES.contains(type);
        Text t = render(in.content(), " ", " ");
        String value;
        if (t.secret() != null) {
            value = t.text();
            plant(t.secret(), t.secret().kind() + " typed into " + el + " " + type);
        } else if (label) {
            value = "checkbox".equals(type) ? "on" : "Send";
        } else {
            value = in.typed();
            hidden(value, "typed into " + el + " " + type);
        }
        List<String> texts = new ArrayList<>();
        if (in.progressive() && !label) {
            int points = value.codePointCount(0, value.length());
            for (int k = 1; k < 3; k++) {
                texts.add(value.substring(0, value.offsetByCodePoints(0, points * k / 3)));
            }
        }
        texts.add(value);
        for (String text : texts) {
            ObjectNode data = JSON.createObjectNode();
            data.put("source", 5);
            data.put("text", text);
            data.put("isChecked", "checkbox".equals(type) && in.checked());
            data.put("id", el.id);
            emit(3, data, "input into " + el + " " + type);
        }
        return false;
    }

    private boolean console(Console c) {
        ObjectNode data = JSON.createObjectNode();
        data.put("plugin", "rrweb/console@1");
        ObjectNode payload = data.putObject("payload");
        payload.put("level", c.level());
        payload.putArray("trace").add("HTMLButtonElement.<anonymous> (https://shop.example.test/app.js:120:15)");
        ArrayNode args = payload.putArray("payload");
        for (ConsoleArg arg : c.args()) {
            if (arg.kind() == 2) {
                String name = SECRET_PARAMS.get(Math.floorMod(arg.param(), SECRET_PARAMS.size()));
                hidden(arg.opaque(), "URL parameter " + name + " logged to the console");
                args.add(stringify(BASES.get(Math.floorMod(arg.param(), BASES.size())) + "?" + name + "=" + arg.opaque()
                        + "&page=2"));
                continue;
            }
            String sepBefore = arg.sepBefore();
            Content content = arg.content();
            Text t = render(content, sepBefore, arg.sepAfter());
            plant(t.secret(), (t.secret() == null ? "" : t.secret().kind()) + " logged to the console (sep "
                    + JSON.valueToTree(sepBefore) + "/" + JSON.valueToTree(arg.sepAfter()) + ")");
            Object value = t.text();
            if (arg.kind() == 1) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("step", "payment");
                detail.put("note", t.text());
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("event", "checkout");
                object.put("detail", detail);
                value = object;
            }
            args.add(stringify(value));
        }
        emit(6, data, "console " + c.level());
        return true;
    }

    private boolean network(Network n) {
        ObjectNode data = JSON.createObjectNode();
        data.put("plugin", "rrweb/network@1");
        ArrayNode requests = data.putObject("payload").putArray("requests");
        boolean sensitive = false;
        for (Request r : n.requests()) {
            ObjectNode req = requests.addObject();
            req.put("name", url(r.url(), "network request url"));
            req.put("entryType", "resource");
            req.put("initiatorType", "fetch");
            req.put("startTime", 2853);
            req.put("duration", 12.399999999906868);
            req.put("method", r.method());
            req.put("status", r.status());
            ObjectNode requestHeaders = req.putObject("requestHeaders");
            ObjectNode responseHeaders = JSON.createObjectNode();
            responseHeaders.put("content-type", "application/json");
            for (Header h : r.headers()) {
                switch (h.kind()) {
                    case 0 -> {
                        String name = SENSITIVE_HEADERS.get(Math.floorMod(h.name().hashCode(), SENSITIVE_HEADERS.size()));
                        String value = switch (name) {
                            case "authorization", "proxy-authorization" -> "Bearer " + h.value();
                            case "cookie", "set-cookie" -> "sid=" + h.value() + "; theme=dark";
                            default -> h.value();
                        };
                        hidden(h.value(), "network header " + name);
                        (name.equals("set-cookie") ? responseHeaders : requestHeaders).put(name, value);
                        sensitive = true;
                    }
                    case 1 -> requestHeaders.put("x-" + h.name(), h.value());
                    default -> {
                        Text t = render(h.content(), " ", " ");
                        plant(t.secret(), (t.secret() == null ? "" : t.secret().kind()) + " in network header x-note");
                        requestHeaders.put("x-note-" + h.name(), t.text());
                    }
                }
            }
            sensitive |= body(req, "requestBody", r.requestBody(), Math.floorMod(r.format(), 3));
            req.set("responseHeaders", responseHeaders);
            sensitive |= body(req, "responseBody", r.responseBody(), 0);
        }
        emit(6, data, "network");
        return !sensitive;
    }

    /**
     * A body as network plugins store it: a JSON string (format 0), a form-encoded string (1) or a JSON object (2).
     * Returns whether a masked field is in it.
     */
    private boolean body(ObjectNode req, String name, List<Field> fields, int format) {
        if (fields.isEmpty()) {
            return false;
        }
        boolean sensitive = false;
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> nested = new LinkedHashMap<>();
        for (Field f : fields) {
            Map<String, Object> into = f.nested() ? nested : body;
            switch (f.kind()) {
                case 0 -> {
                    String field = SENSITIVE_FIELDS.get(Math.floorMod(f.name().hashCode(), SENSITIVE_FIELDS.size()));
                    int shape = format == 1 ? 0 : Math.floorMod(f.shape(), 3);
                    Object value = switch (shape) {
                        case 0 -> f.value();
                        case 1 -> Map.of("value", f.value());
                        default -> List.of(f.value());
                    };
                    into.put(field, value);
                    hidden(f.value(), "network " + name + " field " + field + " (shape " + shape + ")");
                    sensitive = true;
                }
                case 1 -> into.put(SENSITIVE_FIELDS.contains(f.name()) ? "item_" + f.name() : f.name(), f.value());
                default -> {
                    Text t = render(f.content(), " ", " ");
                    plant(t.secret(), (t.secret() == null ? "" : t.secret().kind()) + " in network " + name + " field note");
                    into.put("note_" + f.name(), t.text());
                }
            }
        }
        if (format == 1) {
            // a form has no nesting: every field at the top
            body.putAll(nested);
            List<String> pairs = new ArrayList<>();
            body.forEach((k, v) -> pairs.add(encode(k, 1) + "=" + encode(String.valueOf(v), 1)));
            req.put(name, String.join("&", pairs));
            return sensitive;
        }
        if (!nested.isEmpty()) {
            body.put("data", nested);
        }
        if (format == 2) {
            req.set(name, JSON.valueToTree(body));
        } else {
            req.put(name, stringify(body));
        }
        return sensitive;
    }

    private boolean custom(Custom c) {
        Text t = render(c.content(), " ", " ");
        plant(t.secret(), (t.secret() == null ? "" : t.secret().kind()) + " in a custom event");
        ObjectNode data = JSON.createObjectNode();
        data.put("tag", "identify");
        data.putObject("payload").put("note", t.text());
        emit(5, data, "custom");
        return true;
    }

    // ---- events ------------------------------------------------------------------------------------------------

    private void meta(String href) {
        ObjectNode data = JSON.createObjectNode();
        data.put("href", href);
        data.put("width", 1280);
        data.put("height", 800);
        boolean wasDirty = dirty;
        int event = emit(4, data, "meta");
        if (!wasDirty) {
            clean.add(event);
        }
    }

    private void snapshot(String label) {
        ObjectNode data = JSON.createObjectNode();
        data.set("node", node(document, true));
        data.putObject("initialOffset").put("top", 0).put("left", 0);
        int event = emit(2, data, label + " full snapshot");
        expectTexts(document, event);
    }

    private int mutation(ArrayNode texts, ArrayNode attributes, ArrayNode removes, ArrayNode adds, String label) {
        ObjectNode data = JSON.createObjectNode();
        data.put("source", 0);
        data.set("texts", texts);
        data.set("attributes", attributes);
        data.set("removes", removes);
        data.set("adds", adds);
        return emit(3, data, label);
    }

    private int emit(int type, ObjectNode data, String label) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", type);
        event.set("data", data);
        time += 17;
        event.put("timestamp", time);
        try {
            events.add(JSON.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        labels.add(label);
        return events.size() - 1;
    }

    /** The rrweb serialized node; with {@code deep} its whole subtree, otherwise no children. */
    private ObjectNode node(Object n, boolean deep) {
        ObjectNode json = JSON.createObjectNode();
        if (n instanceof Txt t) {
            json.put("type", 3);
            json.put("textContent", t.text);
            json.put("id", t.id);
            return json;
        }
        El el = (El) n;
        if (el == document) {
            json.put("type", 0);
            ArrayNode children = json.putArray("childNodes");
            children.addObject().put("type", 1).put("name", "html").put("publicId", "").put("systemId", "").put("id", doctypeId);
            for (Object child : el.children) {
                children.add(node(child, deep));
            }
            json.put("compatMode", "CSS1Compat");
            json.put("id", el.id);
            return json;
        }
        json.put("type", 2);
        json.put("tagName", el.tag);
        ObjectNode attributes = json.putObject("attributes");
        el.attrs.forEach((k, v) -> {
            if (v instanceof Boolean b) {
                attributes.put(k, b);
            } else {
                attributes.put(k, String.valueOf(v));
            }
        });
        ArrayNode children = json.putArray("childNodes");
        if (deep) {
            for (Object child : el.children) {
                children.add(node(child, true));
            }
        }
        json.put("id", el.id);
        return json;
    }

    private void flatten(El el, List<ObjectNode> adds) {
        ObjectNode add = JSON.createObjectNode();
        add.put("parentId", el.parent.id).putNull("nextId").set("node", node(el, false));
        adds.add(add);
        for (Object child : el.children) {
            if (child instanceof El c) {
                flatten(c, adds);
            } else {
                ObjectNode text = JSON.createObjectNode();
                text.put("parentId", el.id).putNull("nextId").set("node", node(child, false));
                adds.add(text);
            }
        }
    }

    /** Ordinary text under {@code root} that nothing protects must come out of event {@code event} as it went in. */
    private void expectTexts(El root, int event) {
        List<Txt> texts = new ArrayList<>();
        collectTexts(root, texts);
        for (Txt t : texts) {
            if (t.prefix != null && !blocked(t.parent) && !masked(t.parent)) {
                expectations.add(new Recording.Expectation(event, t.id, false, t.prefix, t.suffix, t.text.length()));
            }
        }
    }

    // ---- model -------------------------------------------------------------------------------------------------

    private El element(String tag, El parent) {
        El el = new El(nextId++, tag);
        el.parent = parent;
        parent.children.add(el);
        return el;
    }

    private Txt text(El parent, String text) {
        Txt t = new Txt(nextId++, text);
        t.parent = parent;
        parent.children.add(t);
        return t;
    }

    private void mark(El el, Marker marker) {
        if (marker.attribute == null) {
            return;
        }
        if ("class".equals(marker.attribute)) {
            Object cls = el.attrs.get("class");
            setClass(el, cls == null ? marker.value : marker.value + " " + cls);
        } else {
            el.attrs.put(marker.attribute, marker.value);
        }
    }

    private void setClass(El el, String cls) {
        el.attrs.put("class", cls);
    }

    static boolean blocked(El el) {
        for (El e = el; e != null; e = e.parent) {
            if (hasClass(e, "ph-no-capture") || hasClass(e, "rr-block") || e.attrs.containsKey("data-private")
                    || e.attrs.containsKey("data-ph-no-capture")) {
                return true;
            }
        }
        return false;
    }

    static boolean masked(El el) {
        for (El e = el; e != null; e = e.parent) {
            if (hasClass(e, "rr-mask") || hasClass(e, "ph-mask") || e.attrs.containsKey("data-mask")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasClass(El el, String name) {
        Object cls = el.attrs.get("class");
        return cls != null && Arrays.asList(String.valueOf(cls).split("\\s+")).contains(name);
    }

    private static int depth(El el) {
        int d = 0;
        for (El e = el; e.parent != null; e = e.parent) {
            d++;
        }
        return d;
    }

    /** Live elements of the body (the body included) that match. */
    private List<El> live(Predicate<El> match) {
        List<El> found = new ArrayList<>();
        collect(body, match, found);
        return found;
    }

    private static void collect(El el, Predicate<El> match, List<El> found) {
        if (match.test(el)) {
            found.add(el);
        }
        for (Object child : el.children) {
            if (child instanceof El c) {
                collect(c, match, found);
            }
        }
    }

    private List<Txt> liveTexts() {
        List<Txt> texts = new ArrayList<>();
        collectTexts(body, texts);
        return texts;
    }

    private static void collectTexts(El el, List<Txt> texts) {
        for (Object child : el.children) {
            if (child instanceof El c) {
                collectTexts(c, texts);
            } else {
                texts.add((Txt) child);
            }
        }
    }

    /** Elements that can take children, body at depth 3 (document > html > body), at most MAX_DEPTH below it. */
    private List<El> parents() {
        return live(e -> PARENT_TAGS.contains(e.tag) && depth(e) < 3 + MAX_DEPTH);
    }

    private List<El> links() {
        List<El> links = live(e -> "a".equals(e.tag));
        return links.isEmpty() ? others() : links;
    }

    /** Elements of the body other than the body itself, or the body when it is empty. */
    private List<El> others() {
        List<El> others = live(e -> e != body);
        return others.isEmpty() ? List.of(body) : others;
    }

    private static <T> T pick(List<T> candidates, int choice) {
        return candidates.get(Math.floorMod(choice, candidates.size()));
    }

    // ---- text, URLs and what must not survive ------------------------------------------------------------------

    private static Text render(Content c, String sepBefore, String sepAfter) {
        if (c.secret() == null) {
            String text = String.join(" ", c.ordinary());
            return new Text(text, text, "", null);
        }
        List<String> head = new ArrayList<>(c.ordinary());
        head.addAll(c.before());
        String prefix = head.isEmpty() ? "" : String.join(" ", head) + sepBefore;
        String suffix = c.after().isEmpty() ? "" : sepAfter + String.join(" ", c.after());
        return new Text(prefix + c.secret().text() + suffix, prefix, suffix, c.secret());
    }

    private String url(Url u, String where) {
        List<String> params = new ArrayList<>();
        for (Param p : u.params()) {
            if (p.secret()) {
                String name = SECRET_PARAMS.get(Math.floorMod(p.name().hashCode(), SECRET_PARAMS.size()));
                params.add(name + "=" + p.value());
                hidden(p.value(), where + " parameter " + name);
            } else {
                params.add(p.name() + "=" + p.value());
            }
        }
        String base = BASES.get(Math.floorMod(u.base(), BASES.size()));
        if (u.secret() != null) {
            int encoding = u.encoding();
            params.add("q=" + encode(u.secret().text(), encoding));
            plantEncoded(u.secret(), where + " parameter q (encoding " + encoding + ")");
        }
        return params.isEmpty() ? base : base + "?" + String.join("&", params);
    }

    /** A link carrying {@code secret}: in the query, or in the path where the secret fits in a path. */
    private String href(Planted secret, boolean path, int encoding, El el) {
        if (secret == null) {
            return "/products/boots?page=3";
        }
        String where = secret.kind() + " in href of " + el;
        if (path) {
            String text = secret.text();
            String link = switch (secret.kind()) {
                case "phone" -> "tel:" + text;
                case "email" -> text.startsWith("mailto:") || Math.floorMod(encoding, 2) == 0 ? (text.startsWith("mailto:")
                        ? text : "mailto:" + text) : "/users/" + text + "/profile";
                case "jwt" -> "https://app.acme.test/verify/" + text;
                case "card", "iban" -> text.indexOf(' ') < 0 ? "/wallet/" + text + "/edit" : null;
                default -> null;
            };
            if (link != null) {
                plant(secret, where + " path");
                return link;
            }
        }
        String base = BASES.get(Math.floorMod(el.id, BASES.size()));
        int enc = encoding;
        plantEncoded(secret, where + " query (encoding " + enc + ")");
        return base + "?ref=nav&q=" + encode(secret.text(), enc);
    }


    static String encode(String text, int encoding) {
        return switch (Math.floorMod(encoding, 3)) {
            case 0 -> text;
            case 1 -> URLEncoder.encode(text, StandardCharsets.UTF_8);
            default -> URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        };
    }

    private static String attributeName(Where where) {
        return switch (where) {
            case TITLE, TEXT -> "title";
            case ALT -> "alt";
            case PLACEHOLDER -> "placeholder";
            case ARIA_LABEL -> "aria-label";
            default -> "data-note";
        };
    }

    private static String stringify(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A pattern secret: the secret part must not survive. */
    private void plant(Planted secret, String where) {
        if (secret != null) {
            secrets.putIfAbsent(secret.secret(), where);
            dirty = true;
        }
    }

    /** A pattern secret in a URL: neither the raw nor the encoded forms may survive. */
    private void plantEncoded(Planted secret, String where) {
        plant(secret, where);
        for (int encoding = 1; encoding < 3; encoding++) {
            secrets.putIfAbsent(encode(secret.secret(), encoding), where + ", encoded");
        }
    }

    /** Text of a protected element: neither the phrase nor its code may survive. */
    private void hiddenPhrase(String phrase, String where) {
        hidden(phrase, where);
        hidden(phrase.substring(phrase.lastIndexOf(' ') + 1), where + ", its code");
    }

    /** Something that must not survive because of where it is: protected text, typed values, masked fields. */
    private void hidden(String value, String where) {
        secrets.putIfAbsent(value, where);
        dirty = true;
    }
}
