package dev.replaymesh.redaction.engine.gen;

import java.util.List;

/**
 * The random choices a recording is built from. Targets are plain ints taken modulo the candidates present when
 * the choice is applied, so any shrunk recipe still builds a valid recording.
 */
public record Recipe(Url firstHref, List<Element> elements, List<Placement> placements, List<Private> privates,
        List<Step> steps) {

    /** Protection markers the default rules honour, and NONE. */
    public enum Marker {
        NONE(null, null), PH_NO_CAPTURE("class", "ph-no-capture"), RR_BLOCK("class", "rr-block"),
        DATA_PRIVATE("data-private", ""), DATA_PH_NO_CAPTURE("data-ph-no-capture", "true"),
        RR_MASK("class", "rr-mask"), PH_MASK("class", "ph-mask"), DATA_MASK("data-mask", ""),
        RR_IGNORE("class", "rr-ignore");

        /** Attribute that carries the marker ("class" for class markers). */
        public final String attribute;
        /** The class name, or the attribute's value. */
        public final String value;

        Marker(String attribute, String value) {
            this.attribute = attribute;
            this.value = value;
        }

        public boolean blocks() {
            return this == PH_NO_CAPTURE || this == RR_BLOCK || this == DATA_PRIVATE || this == DATA_PH_NO_CAPTURE;
        }

        public boolean masks() {
            return this == RR_MASK || this == PH_MASK || this == DATA_MASK;
        }
    }

    /** Text with an optional secret: {@code ordinary before secret after}, words around the secret letters only. */
    public record Content(List<String> ordinary, List<String> before, Planted secret, List<String> after) {
    }

    public record Attr(String name, String value) {
    }

    /** One element of the initial page, put under the {@code parent}-th element that can still take children. */
    public record Element(int parent, String tag, String inputType, List<String> classes, List<String> utilities,
            Marker marker, List<Attr> attrs, List<String> text) {
    }

    public enum Where { TEXT, TITLE, ALT, PLACEHOLDER, ARIA_LABEL, DATA, HREF_QUERY, HREF_PATH, INPUT_VALUE, ID, SRCSET, DATA_SRC }

    /**
     * A secret in the initial page. {@code encoding}: 0 raw, 1 form-encoded, 2 %20-encoded (URLs only). SRCSET and
     * DATA_SRC put a signed image URL there, {@code param} naming which secret parameter carries {@code opaque}.
     */
    public record Placement(Where where, int target, Content content, int encoding, int param, String opaque) {
    }

    public enum PrivateWhere { TEXT, NESTED_TEXT, TITLE, INPUT_VALUE, DATA, HREF }

    /** Private text in a new wrapper element carrying {@code marker}, under the {@code target}-th element. */
    public record Private(int target, Marker marker, PrivateWhere where, String phrase, List<String> utilities) {
    }

    public record Url(int base, List<Param> params, Planted secret, int encoding) {
    }

    /** A query parameter; a secret one has a name the URL rules mask and an opaque value. */
    public record Param(boolean secret, String name, String value) {
    }

    public sealed interface Step permits Noise, Add, TextChange, AttributeChange, Protect, Remove, Move, Input, Console,
            Network, Meta, Custom, Drawn, Checkout {
    }

    /** Mouse, scroll, viewport, selection, media and load events: nothing in them to redact. */
    public record Noise(int kind, int target, int x, int y) implements Step {
    }

    /**
     * New nodes under the {@code parent}-th element (a protected one if asked and there is one). {@code layout}
     * mod 3: one nested add, one add per node, or that reversed; layout / 3 odd: private text of a blocked root
     * goes into an attribute rather than a text node.
     */
    public record Add(int parent, boolean preferProtected, String tag, Marker marker, List<List<String>> children,
            Content content, String phrase, int layout) implements Step {
    }

    public record TextChange(int target, Content content, String phrase) implements Step {
    }

    public record AttributeChange(int target, Where where, Content content, String phrase, int encoding) implements Step {
    }

    /** One Mutation that gives an element a protection marker and new content (added, or a changed text). */
    public record Protect(int target, Marker marker, boolean viaAdd, int textPick, String phrase) implements Step {
    }

    public record Remove(int target) implements Step {
    }

    /** A subtree moved to another parent, as rrweb records it: removed, then every node added again. */
    public record Move(int target, int parent, boolean reverse) implements Step {
    }

    /** Text that reaches the recording outside the DOM: kind 0 canvas fillText, 1 rrweb 1.x console log. */
    public record Drawn(int kind, int target, Content content, String phrase) implements Step {
    }

    public record Input(int target, Content content, String typed, boolean progressive, boolean checked) implements Step {
    }

    public record Console(String level, List<ConsoleArg> args) implements Step {
    }

    /**
     * One console argument, stored JSON-stringified as rrweb's console plugin does: kind 0 a string, 1 an object,
     * 2 a URL whose secret parameter {@code param} carries {@code opaque}.
     */
    public record ConsoleArg(int kind, Content content, String sepBefore, String sepAfter, int param, String opaque) {
    }

    public record Network(List<Request> requests) implements Step {
    }

    /** {@code format} of the request body: 0 a JSON string, 1 form-encoded, 2 a JSON object (not stringified). */
    public record Request(Url url, String method, List<Header> headers, List<Field> requestBody, List<Field> responseBody,
            int status, int format) {
    }

    /** kind 0: a header the rules mask, opaque value; 1: ordinary; 2: ordinary name, value with a secret. */
    public record Header(int kind, String name, String value, Content content) {
    }

    /**
     * kind 0: a field the rules mask, opaque value ({@code shape} 0 a string, 1 inside an object, 2 inside an
     * array); 1: ordinary; 2: with a secret. {@code nested}: one level down.
     */
    public record Field(int kind, String name, String value, Content content, boolean nested, int shape) {
    }

    public record Meta(Url url) implements Step {
    }

    public record Custom(Content content) implements Step {
    }

    /** A new Meta and FullSnapshot of the page as it is now, as rrweb's checkout makes. */
    public record Checkout() implements Step {
    }
}
