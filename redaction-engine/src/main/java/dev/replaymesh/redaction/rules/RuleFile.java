package dev.replaymesh.redaction.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The rules file as written (YAML or JSON); {@link RuleSetLoader} checks it and builds a {@link RuleSet}. */
record RuleFile(
        String version,
        List<Selector> selectors,
        Inputs inputs,
        List<Pattern> patterns,
        @JsonProperty("url-params") List<String> urlParams,
        Network network,
        Drop drop,
        Map<String, Project> projects) {

    record Selector(String id, String action, String selector) {
    }

    record Inputs(@JsonProperty("mask-all") Boolean maskAll, List<String> allow) {
    }

    record Pattern(String id, String builtin, String regex, String replacement) {
    }

    record Network(List<String> headers, @JsonProperty("body-fields") List<String> bodyFields,
            @JsonProperty("drop-bodies") Boolean dropBodies) {
    }

    record Drop(@JsonProperty("event-types") List<Integer> eventTypes, List<String> plugins) {
    }

    record Project(Drop drop) {
    }
}
