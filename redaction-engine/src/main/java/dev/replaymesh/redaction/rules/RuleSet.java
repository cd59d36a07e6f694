package dev.replaymesh.redaction.rules;

import dev.replaymesh.redaction.pattern.PatternSet;
import dev.replaymesh.redaction.pattern.UrlScrubber;
import java.util.List;
import java.util.Map;

/**
 * A checked, immutable rule set. {@link #id()} ({@code version@hash}) goes with every event and
 * report it produced, so any stored event says which rules redacted it.
 *
 * @param version      the label written in the file
 * @param hash         first 16 hex digits of the SHA-256 of the file's bytes
 * @param selectors    selector rules in file order
 * @param inputs       input value rules
 * @param patterns     text patterns applied to text, attributes, inputs, console and bodies
 * @param urls         URL query parameter masking plus patterns
 * @param network      network request rules
 * @param drop         events dropped for every project
 * @param projectDrops events dropped for one project, on top of {@code drop}
 */
public record RuleSet(String version, String hash, List<SelectorRule> selectors, InputRules inputs,
        PatternSet patterns, UrlScrubber urls, NetworkRules network, DropRules drop,
        Map<String, DropRules> projectDrops) {

    public String id() {
        return version + "@" + hash;
    }

    public boolean drops(String project, int type, String plugin) {
        DropRules own = projectDrops.get(project);
        return drop.drops(type, plugin) || (own != null && own.drops(type, plugin));
    }
}
