package dev.replaymesh.redaction.rules;

import org.jsoup.select.Evaluator;

/**
 * One selector rule.
 *
 * @param id       name used in reports
 * @param action   what happens to matching elements and their descendants
 * @param selector the CSS selector as written
 * @param matcher  the parsed selector
 */
public record SelectorRule(String id, Action action, String selector, Evaluator matcher) {
}
