package dev.replaymesh.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * rrweb recordings of many sessions at once, interleaved as a capture log holds them: {@code concurrent}
 * sessions are open at any time, each event comes from a randomly chosen open one, and a session that
 * ends is replaced by a new one. Every session visits {@code pages} pages; each page starts as rrweb
 * starts one (DomContentLoaded, Load, Meta, FullSnapshot) and goes on with incremental snapshots,
 * console and network plugin events that refer to the nodes of that page, so that a redactor keeping a
 * DOM mirror places every added node, finds every input and text node, and applies its selector rules.
 *
 * <p>The page is an invoice dashboard of a billing app, like the recorded fixtures of
 * redaction-service: a customer table with names and email addresses, a billing form (email, password,
 * card, phone, promo code), a {@code ph-no-capture} block, an {@code rr-mask} paragraph, a footer with
 * a support address and phone number. Mutations add and remove table rows, change texts and
 * attributes and show toasts (some naming an address); inputs are typed key by key; console events
 * log JSON-stringified arguments, a few with an address or a JWT; network events carry an
 * authorization header and JSON bodies. Deterministic for a given seed.
 */
final class RrwebSessions {

    /** What an event is, for the statistics. */
    enum Kind {
        DOM_CONTENT_LOADED, LOAD, META, FULL_SNAPSHOT, MUTATION, MOUSE_MOVE, MOUSE_INTERACTION, SCROLL, INPUT,
        VIEWPORT_RESIZE, CONSOLE, NETWORK
    }

    /** One event of one session, its rrweb JSON in UTF-8. */
    record Generated(String sessionId, Kind kind, int type, long timestamp, byte[] json) {
    }

    private static final String[] FIRST = {"Jane", "Omar", "Li", "Priya", "Lukas", "Maria", "Kenji", "Amara", "Noah",
            "Sofia", "Mateo", "Chloe", "Ivan", "Fatima", "Elena", "Tom", "Aisha", "Pedro", "Hannah", "Yusuf"};
    private static final String[] LAST = {"Doe", "Haddad", "Wei", "Patel", "Becker", "Garcia", "Sato", "Okafor",
            "Smith", "Rossi", "Lopez", "Martin", "Petrov", "Khan", "Novak", "Brown", "Diallo", "Silva", "Schmidt"};
    private static final String[] DOMAINS = {"example.com", "northwind.example.com", "mail.example.org",
            "contoso.example", "globex.example.net"};
    private static final String[] STATUS = {"Paid", "Open", "Overdue", "Draft", "Refunded", "Sent"};
    private static final String[] NAV = {"Dashboard", "Invoices", "Customers", "Products", "Reports", "Settings"};
    private static final String[] LEVELS = {"log", "log", "info", "warn", "error"};
    private static final String CSS = "* { box-sizing: border-box; }body { margin: 0px; font: 15px / 1.5 system-ui, "
            + "sans-serif; color: rgb(31, 36, 48); background: rgb(244, 246, 250); }header { display: flex; align-items: "
            + "center; justify-content: space-between; padding: 12px 32px; background: rgb(31, 42, 68); color: rgb(255, "
            + "255, 255); }header a { color: rgb(207, 216, 255); margin-left: 16px; text-decoration: none; }main { "
            + "display: grid; grid-template-columns: 1fr 380px; gap: 24px; max-width: 1280px; margin: 24px auto; "
            + "padding: 0px 24px; }.card { background: rgb(255, 255, 255); border-radius: 8px; padding: 20px 24px; "
            + "box-shadow: rgba(0, 0, 0, 0.08) 0px 1px 3px; }table { width: 100%; border-collapse: collapse; }th, td "
            + "{ text-align: left; padding: 6px 8px; border-bottom: 1px solid rgb(230, 233, 240); }.badge { padding: "
            + "2px 8px; border-radius: 10px; font-size: 12px; }.badge.ok { background: rgb(225, 245, 230); }"
            + ".badge.warn { background: rgb(255, 240, 214); }label { display: block; margin-top: 12px; font-weight: "
            + "600; font-size: 13px; }input, textarea { width: 100%; padding: 8px 10px; border: 1px solid rgb(197, "
            + "203, 216); border-radius: 6px; font: inherit; }button { margin-top: 16px; padding: 8px 16px; border: "
            + "0px; border-radius: 6px; background: rgb(53, 89, 224); color: rgb(255, 255, 255); }.toast { position: "
            + "fixed; right: 24px; bottom: 24px; padding: 10px 16px; background: rgb(31, 42, 68); color: white; }";

    private final String prefix;
    private final int pages;
    private final int eventsPerPage;
    private final int rowsPerPage;
    private final Random random;
    private final Session[] open;
    private long started;

    /**
     * @param prefix        session ids are {@code prefix-0}, {@code prefix-1}, ...
     * @param concurrent    sessions open at any time
     * @param pages         pages each session visits
     * @param eventsPerPage mean incremental and plugin events per page (each page gets 50-150 % of it)
     * @param rowsPerPage   mean customer table rows in a page's FullSnapshot (50-150 % of it)
     */
    RrwebSessions(String prefix, int concurrent, int pages, int eventsPerPage, int rowsPerPage, long seed) {
        this.prefix = prefix;
        this.pages = pages;
        this.eventsPerPage = eventsPerPage;
        this.rowsPerPage = rowsPerPage;
        this.random = new Random(seed);
        this.open = new Session[concurrent];
        for (int i = 0; i < concurrent; i++) {
            open[i] = newSession();
        }
    }

    /** Sessions started so far. */
    long sessionsStarted() {
        return started;
    }

    Generated next() {
        int slot = random.nextInt(open.length);
        Session s = open[slot];
        Generated event = s.next();
        if (s.done()) {
            open[slot] = newSession();
        }
        return event;
    }

    private Session newSession() {
        return new Session(prefix + "-" + started++, 1_795_000_000_000L + random.nextInt(86_400_000));
    }

    // ---- one session ----------------------------------------------------------------------------------

    private final class Session {
        final String id;
        final String user;
        final String email;
        long time;
        int pagesLeft = pages;
        int eventsLeft;
        Page page;
        final ArrayDeque<Generated> queued = new ArrayDeque<>();

        Session(String id, long time) {
            this.id = id;
            this.time = time;
            this.user = pick(FIRST) + " " + pick(LAST);
            this.email = user.toLowerCase().replace(' ', '.') + "@" + pick(DOMAINS);
            startPage();
        }

        boolean done() {
            return queued.isEmpty() && eventsLeft == 0 && pagesLeft == 0;
        }

        Generated next() {
            if (queued.isEmpty() && eventsLeft == 0) {
                startPage();
            }
            if (!queued.isEmpty()) {
                return queued.poll();
            }
            eventsLeft--;
            time += 20 + random.nextInt(400);
            int k = random.nextInt(100);
            if (k < 30) {
                return incremental(Kind.MOUSE_MOVE, page.mouseMove());
            } else if (k < 60) {
                return incremental(Kind.MUTATION, page.mutation());
            } else if (k < 74) {
                return incremental(Kind.MOUSE_INTERACTION, page.mouseInteraction());
            } else if (k < 83) {
                return incremental(Kind.SCROLL, page.scroll());
            } else if (k < 93) {
                return incremental(Kind.INPUT, page.input());
            } else if (k < 98) {
                return event(Kind.CONSOLE, 6, page.console());
            } else if (k < 99) {
                return event(Kind.NETWORK, 6, page.network());
            }
            return incremental(Kind.VIEWPORT_RESIZE, "{\"source\":4,\"width\":" + (900 + random.nextInt(1000))
                    + ",\"height\":" + (600 + random.nextInt(500)) + "}");
        }

        private void startPage() {
            pagesLeft--;
            eventsLeft = eventsPerPage / 2 + random.nextInt(eventsPerPage + 1);
            page = new Page(this);
            queued.add(event(Kind.DOM_CONTENT_LOADED, 0, "{}"));
            time += 1;
            queued.add(event(Kind.LOAD, 1, "{}"));
            queued.add(event(Kind.META, 4, "{\"href\":" + quote(page.href) + ",\"width\":1280,\"height\":800}"));
            queued.add(event(Kind.FULL_SNAPSHOT, 2, "{\"node\":" + page.snapshot()
                    + ",\"initialOffset\":{\"left\":0,\"top\":0}}"));
        }

        private Generated incremental(Kind kind, String data) {
            return event(kind, 3, data);
        }

        private Generated event(Kind kind, int type, String data) {
            String json = "{\"type\":" + type + ",\"data\":" + data + ",\"timestamp\":" + time + "}";
            return new Generated(id, kind, type, time, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---- one page's DOM and what happens on it ---------------------------------------------------------

    /** A serialized rrweb node; ids are given in document order, as rrweb does. */
    private static final class Node {
        final int type;
        final int id;
        final String tag;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final String text;
        final List<Node> children = new ArrayList<>();

        Node(int type, int id, String tag, String text) {
            this.type = type;
            this.id = id;
            this.tag = tag;
            this.text = text;
        }

        void write(StringBuilder b) {
            b.append("{\"type\":").append(type);
            switch (type) {
                case 0 -> {
                    b.append(",\"childNodes\":");
                    writeChildren(b);
                    b.append(",\"compatMode\":\"CSS1Compat\"");
                }
                case 1 -> b.append(",\"name\":\"html\",\"publicId\":\"\",\"systemId\":\"\"");
                case 2 -> {
                    b.append(",\"tagName\":").append(quote(tag)).append(",\"attributes\":{");
                    boolean first = true;
                    for (Map.Entry<String, String> a : attributes.entrySet()) {
                        if (!first) {
                            b.append(',');
                        }
                        first = false;
                        b.append(quote(a.getKey())).append(':').append(quote(a.getValue()));
                    }
                    b.append("},\"childNodes\":");
                    writeChildren(b);
                }
                default -> b.append(",\"textContent\":").append(quote(text));
            }
            b.append(",\"id\":").append(id).append('}');
        }

        private void writeChildren(StringBuilder b) {
            b.append('[');
            for (int i = 0; i < children.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                children.get(i).write(b);
            }
            b.append(']');
        }
    }

    /** An input of the billing form, typed into key by key. */
    private record Field(int id, String value) {
    }

    private final class Page {
        final Session session;
        final String href;
        final Node document;
        int nextId = 1;
        Node body;
        Node main;
        Node tbody;
        /** Rows of the customer table, oldest first: the tr node's id and its cells' text node ids. */
        final ArrayDeque<int[]> rows = new ArrayDeque<>();
        /** Text nodes whose text changes: cells, counters, the status line. */
        final List<Integer> texts = new ArrayList<>();
        /** Elements the mouse goes over and clicks. */
        final List<Integer> targets = new ArrayList<>();
        final List<Field> fields = new ArrayList<>();
        Field typing;
        int typed;

        Page(Session session) {
            this.session = session;
            String section = pick(NAV).toLowerCase();
            this.href = "https://app.acme-billing.example/" + section + "?page=" + (1 + random.nextInt(9))
                    + (random.nextInt(4) == 0 ? "&session=sess_" + token(16) : "");
            this.document = build();
        }

        String snapshot() {
            StringBuilder b = new StringBuilder(64 * 1024);
            document.write(b);
            return b.toString();
        }

        private Node node(Node parent, int type, String tag, String text) {
            Node n = new Node(type, nextId++, tag, text);
            if (parent != null) {
                parent.children.add(n);
            }
            return n;
        }

        private Node element(Node parent, String tag, String... attributes) {
            if (parent != null && parent.type == 2 && !parent.children.isEmpty()) {
                // The whitespace between tags of hand-written HTML is text nodes too.
                node(parent, 3, null, "\n    ");
            }
            Node n = node(parent, 2, tag, null);
            for (int i = 0; i + 1 < attributes.length; i += 2) {
                n.attributes.put(attributes[i], attributes[i + 1]);
            }
            return n;
        }

        private int text(Node parent, String text) {
            return node(parent, 3, null, text).id;
        }

        private Node build() {
            Node doc = node(null, 0, null, null);
            node(doc, 1, null, null);
            Node html = element(doc, "html", "lang", "en");
            Node head = element(html, "head");
            element(head, "meta", "charset", "utf-8");
            element(head, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
            text(element(head, "title"), pick(NAV) + " · Acme Billing");
            Node style = element(head, "style", "_cssText", CSS);
            text(style, "");
            element(head, "link", "rel", "stylesheet", "href", "https://app.acme-billing.example/assets/app.css?v=3");
            element(head, "script", "src", "https://app.acme-billing.example/assets/app.js?v=3");
            body = element(html, "body", "class", "theme-light");
            Node header = element(body, "header");
            targets.add(element(header, "a", "class", "logo", "href", "/").id);
            text(last(header), "Acme Billing");
            Node nav = element(header, "nav");
            for (String item : NAV) {
                Node a = element(nav, "a", "href", "/" + item.toLowerCase() + "?ref=nav", "class", "nav-link");
                text(a, item);
                targets.add(a.id);
            }
            Node chip = element(header, "span", "id", "account-chip", "title", "Signed in as " + session.email);
            texts.add(text(chip, session.user));
            main = element(body, "main");
            Node card = element(main, "section", "class", "card");
            text(element(card, "h2"), "Customers");
            Node counter = element(card, "p", "class", "text-muted small");
            texts.add(text(counter, random.nextInt(500) + " customers, " + random.nextInt(90) + " open invoices"));
            Node table = element(card, "table", "class", "table");
            Node headRow = element(element(table, "thead"), "tr");
            for (String h : new String[] {"Invoice", "Customer", "Email", "Amount", "Status"}) {
                text(element(headRow, "th"), h);
            }
            tbody = element(table, "tbody", "id", "rows");
            int n = rowsPerPage / 2 + random.nextInt(rowsPerPage + 1);
            for (int i = 0; i < n; i++) {
                row(tbody);
            }
            Node form = element(main, "form", "class", "card", "id", "billing", "action", "/billing/save");
            text(element(form, "h2"), "Billing details");
            fields.add(field(form, "Email", "input", session.email, "type", "email", "name", "email",
                    "value", session.email));
            fields.add(field(form, "Password", "input", "correct-Horse-" + token(6), "type", "password",
                    "name", "password"));
            fields.add(field(form, "Card number", "input", card(), "type", "text", "name", "card",
                    "autocomplete", "cc-number"));
            fields.add(field(form, "Phone", "textarea", "+1 (415) 555-0" + (100 + random.nextInt(899)),
                    "name", "phone"));
            fields.add(field(form, "Promo code", "input", "PROMO-" + token(4).toUpperCase(), "type", "text",
                    "class", "rr-ignore", "name", "promo"));
            Node save = element(form, "button", "type", "submit");
            text(save, "Save");
            targets.add(save.id);
            Node secret = element(main, "div", "class", "card ph-no-capture");
            text(element(secret, "p"), "Backup code: " + token(4).toUpperCase() + "-" + token(4).toUpperCase());
            text(element(secret, "p"), "Recovery email: " + session.email);
            Node balance = element(main, "p", "class", "rr-mask");
            texts.add(text(balance, "Balance $" + random.nextInt(20000) + "." + (10 + random.nextInt(89))));
            Node footer = element(body, "footer");
            text(element(footer, "p"), "© 2026 Acme Billing · support@acme-billing.example · +1 (415) 555-0134");
            return doc;
        }

        private Node last(Node parent) {
            return parent.children.get(parent.children.size() - 1);
        }

        private void row(Node parent) {
            Node tr = element(parent, "tr", "class", "row");
            String[] cells = rowCells();
            int[] ids = new int[1 + cells.length];
            ids[0] = tr.id;
            for (int c = 0; c < cells.length; c++) {
                Node td = element(tr, "td");
                ids[1 + c] = text(td, cells[c]);
            }
            rows.add(ids);
            targets.add(tr.id);
            texts.add(ids[5]);
        }

        private String[] rowCells() {
            String name = pick(FIRST) + " " + pick(LAST);
            return new String[] {"INV-" + (10000 + random.nextInt(90000)), name,
                    name.toLowerCase().replace(' ', '.') + "@" + pick(DOMAINS),
                    "$" + (10 + random.nextInt(5000)) + "." + (10 + random.nextInt(89)), pick(STATUS)};
        }

        private Field field(Node form, String label, String tag, String value, String... attributes) {
            text(element(form, "label"), label);
            Node input = element(form, tag, attributes);
            targets.add(input.id);
            return new Field(input.id, value);
        }

        String mouseMove() {
            StringBuilder b = new StringBuilder(512).append("{\"source\":1,\"positions\":[");
            int count = 2 + random.nextInt(11);
            int x = random.nextInt(1280);
            int y = random.nextInt(800);
            int offset = -50 * count;
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    b.append(',');
                }
                x = Math.max(0, x + random.nextInt(61) - 30);
                y = Math.max(0, y + random.nextInt(61) - 30);
                offset += 30 + random.nextInt(40);
                b.append("{\"x\":").append(x).append(",\"y\":").append(y).append(",\"id\":").append(pick(targets))
                        .append(",\"timeOffset\":").append(Math.min(0, offset)).append('}');
            }
            return b.append("]}").toString();
        }

        String mouseInteraction() {
            int type = random.nextInt(7);
            StringBuilder b = new StringBuilder(96).append("{\"source\":2,\"type\":").append(type)
                    .append(",\"id\":").append(pick(targets));
            if (type != 5 && type != 6) {
                b.append(",\"x\":").append(random.nextInt(1280)).append(",\"y\":").append(random.nextInt(800));
            }
            return b.append('}').toString();
        }

        String scroll() {
            return "{\"source\":3,\"id\":" + (random.nextInt(3) == 0 ? tbody.id : 1) + ",\"x\":0,\"y\":"
                    + random.nextInt(2000) + "}";
        }

        /** The next keystroke in one of the form's fields; a field is typed to its end before the next starts. */
        String input() {
            if (typing == null || typed >= typing.value().length()) {
                typing = fields.get(random.nextInt(fields.size()));
                typed = random.nextInt(3) == 0 ? typing.value().length() - 1 : 0;
            }
            typed++;
            return "{\"source\":5,\"text\":" + quote(typing.value().substring(0, typed)) + ",\"isChecked\":false,\"id\":"
                    + typing.id() + "}";
        }

        String mutation() {
            int k = random.nextInt(100);
            StringBuilder texts = new StringBuilder();
            StringBuilder attributes = new StringBuilder();
            StringBuilder removes = new StringBuilder();
            StringBuilder adds = new StringBuilder();
            if (k < 40) {
                // New rows go in (before the newest one), the oldest ones go.
                int added = 1 + random.nextInt(4);
                int next = rows.isEmpty() ? -1 : rows.peekLast()[0];
                for (int i = 0; i < added; i++) {
                    addRow(adds, next);
                }
                for (int i = 0; i < added && rows.size() > rowsPerPage / 2; i++) {
                    int[] old = rows.poll();
                    sep(removes).append("{\"parentId\":").append(tbody.id).append(",\"id\":").append(old[0]).append('}');
                    for (int t = 1; t < old.length; t++) {
                        this.texts.remove(Integer.valueOf(old[t]));
                    }
                    targets.remove(Integer.valueOf(old[0]));
                }
            } else if (k < 70) {
                int changes = 1 + random.nextInt(8);
                for (int i = 0; i < changes; i++) {
                    sep(texts).append("{\"id\":").append(pick(this.texts)).append(",\"value\":")
                            .append(quote(random.nextInt(6) == 0 ? pick(STATUS) + " · " + rowCells()[2] : pick(STATUS)))
                            .append('}');
                }
            } else if (k < 88) {
                int changes = 1 + random.nextInt(4);
                for (int i = 0; i < changes; i++) {
                    boolean style = random.nextBoolean();
                    sep(attributes).append("{\"id\":").append(pick(targets)).append(",\"attributes\":{")
                            .append(style ? "\"style\":\"transform: translateY(" + random.nextInt(40) + "px); opacity: 0."
                                    + random.nextInt(10) + ";\"" : "\"class\":\"row" + (random.nextBoolean() ? " selected" : "")
                                    + "\"")
                            .append("}}");
                }
            } else {
                // A toast: a div with a text, sometimes naming the customer it is about.
                int div = nextId++;
                sep(adds).append("{\"parentId\":").append(body.id).append(",\"nextId\":null,\"node\":{\"type\":2,")
                        .append("\"tagName\":\"div\",\"attributes\":{\"class\":\"toast\",\"role\":\"status\"},")
                        .append("\"childNodes\":[],\"id\":").append(div).append("}}");
                String message = random.nextBoolean() ? "Invoice sent to " + rowCells()[2] : "Changes saved";
                sep(adds).append("{\"parentId\":").append(div).append(",\"nextId\":null,\"node\":{\"type\":3,")
                        .append("\"textContent\":").append(quote(message)).append(",\"id\":").append(nextId++).append("}}");
                sep(texts).append("{\"id\":").append(pick(this.texts)).append(",\"value\":\"").append(pick(STATUS))
                        .append("\"}");
            }
            return "{\"source\":0,\"texts\":[" + texts + "],\"attributes\":[" + attributes + "],\"removes\":["
                    + removes + "],\"adds\":[" + adds + "]}";
        }

        /** A row as rrweb adds it: the tr, each td and each text node as its own entry. */
        private void addRow(StringBuilder adds, int nextSibling) {
            int tr = nextId++;
            sep(adds).append("{\"parentId\":").append(tbody.id).append(",\"nextId\":")
                    .append(nextSibling < 0 ? "null" : Integer.toString(nextSibling))
                    .append(",\"node\":{\"type\":2,\"tagName\":\"tr\",\"attributes\":{\"class\":\"row new\"},")
                    .append("\"childNodes\":[],\"id\":").append(tr).append("}}");
            String[] cells = rowCells();
            int[] ids = new int[1 + cells.length];
            ids[0] = tr;
            int previous = -1;
            int[] tds = new int[cells.length];
            for (int c = cells.length - 1; c >= 0; c--) {
                tds[c] = nextId++;
                sep(adds).append("{\"parentId\":").append(tr).append(",\"nextId\":")
                        .append(previous < 0 ? "null" : Integer.toString(previous))
                        .append(",\"node\":{\"type\":2,\"tagName\":\"td\",\"attributes\":{},\"childNodes\":[],\"id\":")
                        .append(tds[c]).append("}}");
                previous = tds[c];
            }
            for (int c = 0; c < cells.length; c++) {
                ids[1 + c] = nextId++;
                sep(adds).append("{\"parentId\":").append(tds[c]).append(",\"nextId\":null,\"node\":{\"type\":3,")
                        .append("\"textContent\":").append(quote(cells[c])).append(",\"id\":").append(ids[1 + c])
                        .append("}}");
            }
            rows.add(ids);
            targets.add(tr);
            texts.add(ids[5]);
        }

        String console() {
            String level = pick(LEVELS);
            String line = "https://app.acme-billing.example/assets/app.js?v=3:" + (100 + random.nextInt(9000)) + ":"
                    + (1 + random.nextInt(80));
            List<String> args = new ArrayList<>();
            switch (random.nextInt(5)) {
                case 0 -> {
                    args.add(quote("[billing] customer loaded"));
                    args.add("{\"id\":" + random.nextInt(100000) + ",\"name\":" + quote(session.user) + ",\"email\":"
                            + quote(session.email) + ",\"plan\":\"pro\"}");
                }
                case 1 -> args.add(quote("[auth] token refresh for " + session.email + " with Authorization: Bearer "
                        + jwt()));
                case 2 -> {
                    args.add(quote("[table] rendered"));
                    args.add(Integer.toString(rows.size()));
                    args.add(quote("rows in " + random.nextInt(40) + "ms"));
                }
                default -> args.add(quote("[ui] " + words(4 + random.nextInt(10))));
            }
            StringBuilder b = new StringBuilder(512).append("{\"plugin\":\"rrweb/console@1\",\"payload\":{\"level\":\"")
                    .append(level).append("\",\"trace\":[").append(quote("Object.render (" + line + ")"))
                    .append(",").append(quote("HTMLButtonElement.onClick (" + line + ")")).append("],\"payload\":[");
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(quote(args.get(i)));
            }
            return b.append("]}}").toString();
        }

        String network() {
            long start = 1000 + random.nextInt(60000);
            String request = "{\"email\":" + quote(session.email) + ",\"invoice\":\"INV-" + (10000 + random.nextInt(90000))
                    + "\",\"amount\":" + random.nextInt(5000) + "}";
            String response = "{\"ok\":true,\"id\":" + random.nextInt(1000000) + ",\"customer\":{\"name\":"
                    + quote(session.user) + ",\"email\":" + quote(session.email) + "},\"token\":" + quote(token(24)) + "}";
            return "{\"plugin\":\"rrweb/network@1\",\"payload\":{\"requests\":[{\"name\":"
                    + quote("https://app.acme-billing.example/api/invoices?page=" + random.nextInt(9) + "&token=" + token(12))
                    + ",\"entryType\":\"resource\",\"startTime\":" + start + ",\"duration\":" + random.nextInt(400)
                    + ".5,\"initiatorType\":\"fetch\",\"nextHopProtocol\":\"h2\",\"transferSize\":"
                    + (300 + random.nextInt(3000)) + ",\"responseStatus\":200,\"method\":\"POST\",\"status\":200,"
                    + "\"requestHeaders\":{\"authorization\":" + quote("Bearer " + jwt())
                    + ",\"content-type\":\"application/json\"},\"requestBody\":" + quote(request)
                    + ",\"responseHeaders\":{\"cache-control\":\"no-store\",\"content-type\":\"application/json\"},"
                    + "\"responseBody\":" + quote(response) + ",\"endTime\":" + (start + 400) + "}]}}";
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private int pick(List<Integer> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String token(int length) {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private String card() {
        return "4" + (100 + random.nextInt(900)) + " " + (1000 + random.nextInt(9000)) + " "
                + (1000 + random.nextInt(9000)) + " " + (1000 + random.nextInt(9000));
    }

    private String jwt() {
        return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + token(60) + "." + token(43);
    }

    private String words(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(RrwebEvents.WORDS[random.nextInt(RrwebEvents.WORDS.length)]);
        }
        return b.toString();
    }

    private static StringBuilder sep(StringBuilder b) {
        if (!b.isEmpty()) {
            b.append(',');
        }
        return b;
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
