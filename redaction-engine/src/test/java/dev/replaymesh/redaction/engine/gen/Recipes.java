package dev.replaymesh.redaction.engine.gen;

import dev.replaymesh.redaction.engine.gen.Recipe.Add;
import dev.replaymesh.redaction.engine.gen.Recipe.Attr;
import dev.replaymesh.redaction.engine.gen.Recipe.AttributeChange;
import dev.replaymesh.redaction.engine.gen.Recipe.Checkout;
import dev.replaymesh.redaction.engine.gen.Recipe.Console;
import dev.replaymesh.redaction.engine.gen.Recipe.ConsoleArg;
import dev.replaymesh.redaction.engine.gen.Recipe.Content;
import dev.replaymesh.redaction.engine.gen.Recipe.Custom;
import dev.replaymesh.redaction.engine.gen.Recipe.Drawn;
import dev.replaymesh.redaction.engine.gen.Recipe.Element;
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
import dev.replaymesh.redaction.engine.gen.Recipe.PrivateWhere;
import dev.replaymesh.redaction.engine.gen.Recipe.Protect;
import dev.replaymesh.redaction.engine.gen.Recipe.Remove;
import dev.replaymesh.redaction.engine.gen.Recipe.Request;
import dev.replaymesh.redaction.engine.gen.Recipe.Step;
import dev.replaymesh.redaction.engine.gen.Recipe.TextChange;
import dev.replaymesh.redaction.engine.gen.Recipe.Url;
import dev.replaymesh.redaction.engine.gen.Recipe.Where;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/** jqwik arbitraries for {@link Recipe}s: only combinators, so every part shrinks on its own. */
public final class Recipes {

    private Recipes() {
    }

    public static Arbitrary<Recipe> recipes() {
        // jqwik leans towards small lists; pages and sessions of every size up to the maximum are wanted here
        return Combinators.combine(urls(),
                elements().list().ofMinSize(1).ofMaxSize(200).withSizeDistribution(RandomDistribution.uniform()),
                placements().list().ofMaxSize(14).withSizeDistribution(RandomDistribution.uniform()),
                privates().list().ofMaxSize(5).withSizeDistribution(RandomDistribution.uniform()),
                steps().list().ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform()))
                .as(Recipe::new);
    }

    static Arbitrary<Integer> pick() {
        return Arbitraries.integers().between(0, 1 << 16);
    }

    // ---- the page ----------------------------------------------------------------------------------------------

    static Arbitrary<Element> elements() {
        Arbitrary<String> tags = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("div")), Tuple.of(4, Arbitraries.of("span")),
                Tuple.of(4, Arbitraries.of("p")), Tuple.of(3, Arbitraries.of("a", "li", "input", "td")),
                Tuple.of(2, Arbitraries.of("button", "img", "label")), Tuple.of(1, Arbitraries.of("canvas")),
                Tuple.of(1, Arbitraries.of("ul", "form", "textarea", "select", "table", "tr", "h1", "h2", "h3")));
        Arbitrary<List<String>> utilities = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(List.<String>of())),
                Tuple.of(1, Values.utilityClass().list().ofMinSize(1).ofMaxSize(40)));
        Arbitrary<Attr> attrs = Combinators.combine(Arbitraries.of("id", "title", "data-testid", "data-track", "role",
                "aria-label", "lang"), Values.slug()).as(Attr::new);
        return Combinators.combine(pick(), tags, Arbitraries.of("text", "email", "password", "hidden", "submit", "checkbox"),
                Values.slug().list().ofMaxSize(2), utilities, markers(), attrs.list().ofMaxSize(2), Values.ordinaryText(0, 8))
                .as(Element::new);
    }

    static Arbitrary<Marker> markers() {
        return Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.just(Marker.NONE)),
                Tuple.of(1, Arbitraries.of(Marker.class).filter(m -> m != Marker.NONE)));
    }

    static Arbitrary<Marker> protectingMarkers() {
        return Arbitraries.of(Marker.class).filter(m -> m.blocks() || m.masks());
    }

    static Arbitrary<Placement> placements() {
        return Combinators.combine(Arbitraries.of(Where.class), pick(), secretContent(), Arbitraries.integers().between(0, 2),
                pick(), Values.opaque()).as(Placement::new);
    }

    static Arbitrary<Private> privates() {
        return Combinators.combine(pick(), protectingMarkers(), Arbitraries.of(PrivateWhere.class), Values.privatePhrase(),
                Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(List.<String>of())),
                        Tuple.of(1, Values.utilityClass().list().ofMinSize(1).ofMaxSize(40))))
                .as(Private::new);
    }

    // ---- content -----------------------------------------------------------------------------------------------

    /** Ordinary words, then a secret between letter words. */
    static Arbitrary<Content> secretContent() {
        return Combinators.combine(Values.ordinaryText(0, 6), Values.contextWord().list().ofMinSize(1).ofMaxSize(3),
                Values.secrets(), Values.contextWord().list().ofMinSize(1).ofMaxSize(3)).as(Content::new);
    }

    static Arbitrary<Content> ordinaryContent() {
        return Values.ordinaryText(0, 10).map(words -> new Content(words, List.of(), null, List.of()));
    }

    static Arbitrary<Content> content() {
        return Arbitraries.frequencyOf(Tuple.of(2, secretContent()), Tuple.of(1, ordinaryContent()));
    }

    static Arbitrary<Url> urls() {
        Arbitrary<Param> params = Arbitraries.frequencyOf(
                Tuple.of(1, Combinators.combine(Values.slug(), Values.opaque()).as((name, value) -> new Param(true, name, value))),
                Tuple.of(2, Combinators.combine(Arbitraries.of("page", "sort", "lang", "ref", "utm_source"), Values.slug())
                        .as((name, value) -> new Param(false, name, value))));
        return Combinators.combine(pick(), params.list().ofMaxSize(4), Values.secrets().injectNull(0.6),
                Arbitraries.integers().between(0, 2)).as(Url::new);
    }

    // ---- steps -------------------------------------------------------------------------------------------------

    static Arbitrary<Step> steps() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, noise()),
                Tuple.of(4, add()),
                Tuple.of(3, textChange()),
                Tuple.of(3, attributeChange()),
                Tuple.of(1, protect()),
                Tuple.of(1, remove()),
                Tuple.of(2, move()),
                Tuple.of(1, drawn()),
                Tuple.of(3, input()),
                Tuple.of(2, console()),
                Tuple.of(2, network()),
                Tuple.of(1, meta()),
                Tuple.of(1, custom()),
                Tuple.of(1, Arbitraries.just(new Checkout())));
    }

    static Arbitrary<Step> noise() {
        return Combinators.combine(Arbitraries.integers().between(0, 6), pick(), Arbitraries.integers().between(0, 1200),
                Arbitraries.integers().between(0, 4000)).as(Noise::new);
    }

    static Arbitrary<Step> add() {
        Arbitrary<Marker> marker = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(Marker.NONE)),
                Tuple.of(1, protectingMarkers()));
        return Combinators.combine(pick(), Arbitraries.of(true, false, false), Arbitraries.of("div", "li", "p", "section", "td"),
                marker, Values.ordinaryText(0, 5).list().ofMaxSize(4), content(), Values.privatePhrase(),
                Arbitraries.integers().between(0, 5)).as(Add::new);
    }

    static Arbitrary<Step> textChange() {
        return Combinators.combine(pick(), content(), Values.privatePhrase()).as(TextChange::new);
    }

    static Arbitrary<Step> attributeChange() {
        return Combinators.combine(pick(), Arbitraries.of(Where.class), content(), Values.privatePhrase(),
                Arbitraries.integers().between(0, 2)).as(AttributeChange::new);
    }

    static Arbitrary<Step> protect() {
        return Combinators.combine(pick(), protectingMarkers(), Arbitraries.of(true, false), pick(), Values.privatePhrase())
                .as(Protect::new);
    }

    static Arbitrary<Step> remove() {
        return pick().map(Remove::new);
    }

    static Arbitrary<Step> move() {
        return Combinators.combine(pick(), pick(), Arbitraries.of(true, false)).as(Move::new);
    }

    static Arbitrary<Step> drawn() {
        return Combinators.combine(Arbitraries.integers().between(0, 1), pick(), content(), Values.privatePhrase())
                .as(Drawn::new);
    }

    static Arbitrary<Step> input() {
        return Combinators.combine(pick(), Arbitraries.frequencyOf(Tuple.of(1, secretContent()),
                Tuple.of(1, Arbitraries.just(new Content(List.of(), List.of(), null, List.of())))), Values.opaque(),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Input::new);
    }

    static Arbitrary<Step> console() {
        // rrweb's console plugin stores each argument JSON-stringified: line breaks and tabs arrive as \n and \t.
        Arbitrary<String> seps = Arbitraries.of(" ", ": ", " (", "\n", "\t", "\n  ");
        Arbitrary<ConsoleArg> args = Combinators.combine(Arbitraries.of(0, 0, 1, 1, 2), content(), seps, seps, pick(),
                Values.opaque()).as(ConsoleArg::new);
        return Combinators.combine(Arbitraries.of("log", "info", "warn", "error"), args.list().ofMinSize(1).ofMaxSize(3))
                .as(Console::new);
    }

    static Arbitrary<Step> network() {
        Arbitrary<Header> headers = Combinators.combine(Arbitraries.integers().between(0, 2), Values.slug(), Values.opaque(),
                secretContent()).as((kind, name, value, content) -> new Header(kind, name,
                        kind == 1 ? "ordinary-" + name : value, content));
        Arbitrary<Field> fields = Combinators.combine(Arbitraries.integers().between(0, 2), Values.slug(), Values.opaque(),
                secretContent(), Arbitraries.of(true, false), Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)),
                        Tuple.of(1, Arbitraries.of(1, 2))))
                .as((kind, name, value, content, nested, shape) -> new Field(kind, name, kind == 1 ? name : value, content,
                        nested, shape));
        Arbitrary<Request> requests = Combinators.combine(urls(), Arbitraries.of("GET", "POST", "PUT"),
                headers.list().ofMaxSize(3), fields.list().ofMaxSize(4), fields.list().ofMaxSize(4),
                Arbitraries.of(200, 201, 401, 500), Arbitraries.of(0, 0, 1, 2)).as(Request::new);
        return requests.list().ofMinSize(1).ofMaxSize(2).map(Network::new);
    }

    static Arbitrary<Step> meta() {
        return urls().map(Meta::new);
    }

    static Arbitrary<Step> custom() {
        return content().map(Custom::new);
    }
}
