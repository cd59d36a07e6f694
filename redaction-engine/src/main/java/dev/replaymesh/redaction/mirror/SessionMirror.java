package dev.replaymesh.redaction.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaymesh.redaction.rules.RuleSet;
import dev.replaymesh.redaction.rules.SelectorRule;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;

/**
 * The DOM a session's recording describes, kept current from its FullSnapshots and Mutations, so
 * that a selector rule also matches a node added long after the page loaded. It holds elements
 * with their short attributes and, for text-like nodes, only which element they belong to: never
 * text or input values. When it grows past its node limit it forgets everything and answers
 * "unknown" (fail closed) until the next FullSnapshot.
 */
public final class SessionMirror {

    /** rrweb serialized node types. */
    static final int DOCUMENT = 0;
    static final int ELEMENT = 2;

    /** Attribute values longer than this are not kept: selectors on them are rare, memory is not. */
    static final int MAX_ATTRIBUTE_LENGTH = 256;

    private final int maxNodes;
    private final Map<Integer, MirrorElement> elements = new HashMap<>();
    private final Map<Integer, Integer> leafParents = new HashMap<>();
    private RuleSet rules;
    private boolean known;

    public SessionMirror(int maxNodes) {
        this.maxNodes = maxNodes;
    }

    /** Whether the mirror describes the page (a FullSnapshot was seen and the limit not passed). */
    public boolean isKnown() {
        return known;
    }

    public int nodeCount() {
        return elements.size() + leafParents.size();
    }

    /** Forgets the page: from now on every node is unknown until {@link #reset}. */
    public void forget() {
        elements.clear();
        leafParents.clear();
        known = false;
    }

    /** Starts over from a FullSnapshot's root node, evaluated with these rules. */
    public void reset(JsonNode root, RuleSet rules) {
        forget();
        this.rules = rules;
        known = true;
        insert(null, null, root);
    }

    /** Rules changed: protections are recomputed lazily. */
    public void useRules(RuleSet rules) {
        if (this.rules != rules) {
            this.rules = rules;
            clearProtections();
        }
    }

    /**
     * Adds a serialized node (and its children) under {@code parentId}, before {@code nextId} when
     * that is a known sibling. Returns false when the parent is unknown; the node is then not kept.
     */
    public boolean add(int parentId, Integer nextId, JsonNode node) {
        MirrorElement parent = elements.get(parentId);
        if (!known || parent == null) {
            return false;
        }
        insert(parent, nextId, node);
        return known;
    }

    /** Removes a node and everything below it. */
    public void remove(int id) {
        MirrorElement element = elements.get(id);
        if (element == null) {
            Integer parent = leafParents.remove(id);
            MirrorElement holder = parent == null ? null : elements.get(parent);
            if (holder != null && holder.leaves != null) {
                holder.leaves.remove(Integer.valueOf(id));
            }
            return;
        }
        forEachElement(element, e -> {
            elements.remove(e.nodeId);
            if (e.leaves != null) {
                e.leaves.forEach(leafParents::remove);
            }
        });
        element.remove();
    }

    /** Applies an attribute change; a changed class or id can change what the rules match. */
    public void setAttribute(int id, String name, String value) {
        MirrorElement element = elements.get(id);
        if (element == null) {
            return;
        }
        if (value == null) {
            element.removeAttr(name);
        } else if (keepAttribute(name, value)) {
            element.attr(name, kept(name, value));
        }
        // Style changes come many times a second and no rule selects on inline style.
        if (!"style".equals(name)) {
            Element scope = element.parent() != null ? element.parent() : element;
            forEachElement(scope, e -> e.protection = null);
        }
    }

    /** The protection of any node: an element's own, a text node's parent's, or UNKNOWN. */
    public Protection protectionOf(int id) {
        MirrorElement element = elements.get(id);
        if (element == null) {
            Integer parent = leafParents.get(id);
            element = parent == null ? null : elements.get(parent);
        }
        return element == null ? Protection.UNKNOWN : protectionOf(element);
    }

    /** Tag name of an element node in lower case, or null when unknown or not an element. */
    public String tagOf(int id) {
        MirrorElement element = elements.get(id);
        return element == null ? null : element.normalName();
    }

    /** An attribute of an element node, or null. */
    public String attributeOf(int id, String name) {
        MirrorElement element = elements.get(id);
        return element == null || !element.hasAttr(name) ? null : element.attr(name);
    }

    /** Whether an element matches one of the selectors. */
    public boolean matchesAny(int id, Iterable<org.jsoup.select.Evaluator> selectors) {
        MirrorElement element = elements.get(id);
        if (element == null) {
            return false;
        }
        for (org.jsoup.select.Evaluator selector : selectors) {
            if (element.is(selector)) {
                return true;
            }
        }
        return false;
    }

    /** A CSS-like path of the element (or a text node's element) for reports: tag#id.class, four levels up. */
    public String pathOf(int id) {
        MirrorElement element = elements.get(id);
        if (element == null) {
            Integer parent = leafParents.get(id);
            element = parent == null ? null : elements.get(parent);
        }
        if (element == null) {
            return "(unknown node " + id + ")";
        }
        Deque<String> parts = new ArrayDeque<>();
        Element e = element;
        for (int depth = 0; depth < 4 && e instanceof MirrorElement m && !"rr-document".equals(m.normalName()); depth++) {
            StringBuilder part = new StringBuilder(m.normalName());
            if (!m.id().isEmpty()) {
                part.append('#').append(m.id());
            }
            for (String c : m.classNames()) {
                part.append('.').append(c);
            }
            parts.addFirst(part.toString());
            e = e.parent();
        }
        return String.join(" > ", parts);
    }

    /**
     * The protection of a serialized element whose ancestry is unknown: UNKNOWN (fail closed)
     * plus whatever its own attributes match, so a blocked element stays blocked.
     */
    public static Protection ownProtection(JsonNode node, RuleSet rules) {
        MirrorElement element = new MirrorElement(-1, sanitizeTag(node.path("tagName").asText("unknown")),
                attributes(node.path("attributes")));
        new Element("rr-root").appendChild(element);
        Protection own = Protection.UNKNOWN;
        for (SelectorRule rule : rules.selectors()) {
            if (element.is(rule.matcher())) {
                own = switch (rule.action()) {
                    case BLOCK -> own.with(rule.id(), null, null);
                    case MASK -> own;
                    case IGNORE_INPUT -> own.with(null, null, rule.id());
                };
            }
        }
        return own;
    }

    private Protection protectionOf(MirrorElement element) {
        if (element.protection != null) {
            return element.protection;
        }
        Element parent = element.parent();
        Protection inherited = parent instanceof MirrorElement p ? protectionOf(p) : Protection.NONE;
        String block = null;
        String mask = null;
        String ignore = null;
        if (rules != null) {
            for (SelectorRule rule : rules.selectors()) {
                boolean free = switch (rule.action()) {
                    case BLOCK -> block == null;
                    case MASK -> mask == null;
                    case IGNORE_INPUT -> ignore == null;
                };
                if (free && element.is(rule.matcher())) {
                    switch (rule.action()) {
                        case BLOCK -> block = rule.id();
                        case MASK -> mask = rule.id();
                        case IGNORE_INPUT -> ignore = rule.id();
                    }
                }
            }
        }
        element.protection = inherited.with(block, mask, ignore);
        return element.protection;
    }

    private void insert(MirrorElement parent, Integer nextId, JsonNode node) {
        if (!known) {
            return;
        }
        int id = node.path("id").asInt(-1);
        int type = node.path("type").asInt(-1);
        if (id < 0) {
            return;
        }
        if (type == ELEMENT || type == DOCUMENT) {
            String tag = type == DOCUMENT ? "rr-document" : sanitizeTag(node.path("tagName").asText("unknown"));
            MirrorElement element = new MirrorElement(id, tag, attributes(node.path("attributes")));
            MirrorElement before = nextId == null ? null : elements.get(nextId);
            if (parent == null) {
                // A root: keep it in a holder so that selectors evaluate against a proper tree.
                new Element("rr-root").appendChild(element);
            } else if (before != null && before.parent() == parent) {
                before.before(element);
            } else {
                parent.appendChild(element);
            }
            elements.put(id, element);
            for (JsonNode child : node.path("childNodes")) {
                insert(element, null, child);
            }
        } else if (parent != null) {
            leafParents.put(id, parent.nodeId);
            if (parent.leaves == null) {
                parent.leaves = new java.util.ArrayList<>(2);
            }
            parent.leaves.add(id);
        }
        if (nodeCount() > maxNodes) {
            forget();
        }
    }

    private static Attributes attributes(JsonNode attributes) {
        Attributes kept = new Attributes();
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            JsonNode v = a.getValue();
            String value = v.isTextual() ? v.asText() : v.isNumber() || v.isBoolean() ? v.asText() : null;
            if (value != null && keepAttribute(a.getKey(), value)) {
                kept.put(a.getKey(), kept(a.getKey(), value));
            }
        }
        return kept;
    }

    private static boolean keepAttribute(String name, String value) {
        // Values are what redaction protects; they are never kept.
        return !"value".equals(name) && !name.isEmpty();
    }

    /**
     * Long values are cut to save memory, except class, whose every token a selector may need
     * (utility-class pages have hundreds of characters of them). A cut value still matches
     * presence and prefix selectors.
     */
    private static String kept(String name, String value) {
        return "class".equals(name) || value.length() <= MAX_ATTRIBUTE_LENGTH ? value : value.substring(0, MAX_ATTRIBUTE_LENGTH);
    }

    private static String sanitizeTag(String tag) {
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ':' || c == '.')) {
                return "unknown";
            }
        }
        return tag.isEmpty() ? "unknown" : tag;
    }

    private void clearProtections() {
        for (MirrorElement e : elements.values()) {
            e.protection = null;
        }
    }

    private static void forEachElement(Node root, Consumer<MirrorElement> action) {
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n instanceof MirrorElement m) {
                action.accept(m);
            }
            for (Node child : n.childNodes()) {
                todo.push(child);
            }
        }
    }
}
