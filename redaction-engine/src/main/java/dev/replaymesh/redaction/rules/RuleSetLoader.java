package dev.replaymesh.redaction.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.replaymesh.redaction.pattern.PatternRule;
import dev.replaymesh.redaction.pattern.PatternSet;
import dev.replaymesh.redaction.pattern.UrlScrubber;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * Reads a rules file (YAML, of which JSON is a subset) and checks every rule; a bad rule is
 * refused with a message that names it. Unknown keys are errors too: a typo must not silently
 * turn a rule off.
 */
public final class RuleSetLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RuleSetLoader() {
    }

    /** Name of the built-in rule set on the class path (this module's resources). */
    public static final String DEFAULT_RULES = "default-rules.yaml";

    /** The built-in rules: what a service or a tool uses when no rules file is given. */
    public static RuleSet defaults() {
        try (InputStream in = RuleSetLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RULES)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RULES + " is missing from the class path");
            }
            return load(in.readAllBytes(), DEFAULT_RULES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RuleSet load(byte[] file, String source) {
        RuleFile raw;
        try {
            raw = YAML.readValue(file, RuleFile.class);
        } catch (IOException e) {
            throw new InvalidRulesException(source + ": not a valid rules file: " + e.getMessage(), e);
        }
        if (raw == null) {
            throw new InvalidRulesException(source + ": the rules file is empty");
        }
        String version = raw.version() == null || raw.version().isBlank() ? "unnamed" : raw.version().trim();
        List<SelectorRule> selectors = selectors(raw.selectors(), source);
        PatternSet patterns = new PatternSet(patterns(raw.patterns(), source));
        Set<String> params = raw.urlParams() == null ? UrlScrubber.DEFAULT_PARAMS : lower(raw.urlParams());
        return new RuleSet(version, hash(file), selectors, inputs(raw.inputs(), source), patterns,
                new UrlScrubber(params, patterns), network(raw.network()), drop(raw.drop(), source + ": drop"),
                projects(raw.projects(), source));
    }

    private static List<SelectorRule> selectors(List<RuleFile.Selector> raw, String source) {
        List<SelectorRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            RuleFile.Selector s = raw.get(i);
            String where = source + ": selectors[" + i + "]" + (s.id() == null ? "" : " (id '" + s.id() + "')");
            if (s.id() == null || s.id().isBlank()) {
                throw new InvalidRulesException(where + ": every selector rule needs an id");
            }
            if (!ids.add(s.id())) {
                throw new InvalidRulesException(where + ": the id is used twice");
            }
            Action action = action(s.action(), where);
            rules.add(new SelectorRule(s.id(), action, s.selector(), selector(s.selector(), where)));
        }
        return List.copyOf(rules);
    }

    private static Action action(String action, String where) {
        if (action == null) {
            throw new InvalidRulesException(where + ": action is missing (block, mask or ignore-input)");
        }
        return switch (action.trim().toLowerCase(Locale.ROOT)) {
            case "block" -> Action.BLOCK;
            case "mask" -> Action.MASK;
            case "ignore-input" -> Action.IGNORE_INPUT;
            default -> throw new InvalidRulesException(where + ": unknown action '" + action
                    + "' (block, mask or ignore-input)");
        };
    }

    private static Evaluator selector(String selector, String where) {
        if (selector == null || selector.isBlank()) {
            throw new InvalidRulesException(where + ": selector is missing");
        }
        try {
            return QueryParser.parse(selector);
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            throw new InvalidRulesException(where + ": invalid selector '" + selector + "': " + e.getMessage(), e);
        }
    }

    private static InputRules inputs(RuleFile.Inputs raw, String source) {
        if (raw == null) {
            return new InputRules(true, List.of());
        }
        List<Evaluator> allow = new ArrayList<>();
        for (int i = 0; raw.allow() != null && i < raw.allow().size(); i++) {
            allow.add(selector(raw.allow().get(i), source + ": inputs.allow[" + i + "]"));
        }
        return new InputRules(raw.maskAll() == null || raw.maskAll(), List.copyOf(allow));
    }

    private static List<PatternRule> patterns(List<RuleFile.Pattern> raw, String source) {
        List<PatternRule> rules = new ArrayList<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            RuleFile.Pattern p = raw.get(i);
            String where = source + ": patterns[" + i + "]" + (p.id() == null ? "" : " (id '" + p.id() + "')");
            PatternRule.Replacement replacement = replacement(p.replacement(), where);
            if (p.builtin() != null && p.regex() != null) {
                throw new InvalidRulesException(where + ": give either builtin or regex, not both");
            }
            if (p.builtin() != null) {
                PatternRule.Kind kind;
                try {
                    kind = PatternRule.Kind.valueOf(p.builtin().trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidRulesException(where + ": unknown builtin '" + p.builtin()
                            + "' (email, card, phone, iban, jwt, bearer)");
                }
                if (kind == PatternRule.Kind.CUSTOM) {
                    throw new InvalidRulesException(where + ": 'custom' is not a builtin; give a regex");
                }
                PatternRule builtin = PatternRule.builtin(kind);
                rules.add(replacement == null ? builtin
                        : new PatternRule(builtin.id(), builtin.kind(), builtin.regex(), replacement));
            } else if (p.regex() != null) {
                if (p.id() == null || p.id().isBlank()) {
                    throw new InvalidRulesException(where + ": a regex pattern needs an id");
                }
                try {
                    rules.add(PatternRule.custom(p.id(), p.regex(),
                            replacement == null ? PatternRule.Replacement.MASK : replacement));
                } catch (IllegalArgumentException e) {
                    throw new InvalidRulesException(where + ": " + e.getMessage(), e);
                }
            } else {
                throw new InvalidRulesException(where + ": give builtin or regex");
            }
        }
        return rules;
    }

    private static PatternRule.Replacement replacement(String raw, String where) {
        if (raw == null) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "mask" -> PatternRule.Replacement.MASK;
            case "token" -> PatternRule.Replacement.TOKEN;
            default -> throw new InvalidRulesException(where + ": unknown replacement '" + raw + "' (mask or token)");
        };
    }

    private static NetworkRules network(RuleFile.Network raw) {
        if (raw == null) {
            return new NetworkRules(Set.of("authorization", "proxy-authorization", "cookie", "set-cookie"),
                    Set.of("password", "token", "secret"), false);
        }
        return new NetworkRules(lower(raw.headers()), lower(raw.bodyFields()),
                raw.dropBodies() != null && raw.dropBodies());
    }

    private static DropRules drop(RuleFile.Drop raw, String where) {
        if (raw == null) {
            return DropRules.NONE;
        }
        Set<Integer> types = raw.eventTypes() == null ? Set.of() : Set.copyOf(raw.eventTypes());
        for (int type : types) {
            if (type < 0 || type > 6) {
                throw new InvalidRulesException(where + ".event-types: " + type + " is not an rrweb event type (0 to 6)");
            }
        }
        return new DropRules(types, raw.plugins() == null ? Set.of() : Set.copyOf(raw.plugins()));
    }

    private static Map<String, DropRules> projects(Map<String, RuleFile.Project> raw, String source) {
        Map<String, DropRules> drops = new HashMap<>();
        if (raw != null) {
            raw.forEach((project, rules) -> drops.put(project,
                    drop(rules == null ? null : rules.drop(), source + ": projects." + project + ".drop")));
        }
        return Map.copyOf(drops);
    }

    private static Set<String> lower(List<String> names) {
        Set<String> lowered = new LinkedHashSet<>();
        if (names != null) {
            names.forEach(n -> lowered.add(n.trim().toLowerCase(Locale.ROOT)));
        }
        return Set.copyOf(lowered);
    }

    private static String hash(byte[] file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
