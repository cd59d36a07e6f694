package dev.replaymesh.redaction.engine;

import dev.replaymesh.redaction.mirror.SessionMirror;
import dev.replaymesh.redaction.pattern.Hit;
import dev.replaymesh.redaction.pattern.Scrubbed;
import dev.replaymesh.redaction.report.SessionReport;
import dev.replaymesh.redaction.rules.RuleSet;

/**
 * The redaction of one event: the rules, the session's mirror and report, and whether anything
 * changed. Text helpers record every replacement in the report.
 */
final class Redaction {

    final RuleSet rules;
    final SessionMirror mirror;
    final SessionReport report;
    final String project;
    final long position;
    boolean changed;

    Redaction(RuleSet rules, SessionMirror mirror, SessionReport report, String project, long position) {
        this.rules = rules;
        this.mirror = mirror;
        this.report = report;
        this.project = project;
        this.position = position;
    }

    void hit(String rule, String action, String path, long nodes, long chars, long bytes) {
        report.hit(rule, action, position, path, nodes, chars, bytes);
        changed = true;
    }

    /*
     * Methods taking a node id report the hit at that node's path (SessionMirror.pathOf), which is
     * looked up only when there is a hit: most texts have none, and building a path walks the mirror.
     */

    /** Text with every non-blank character replaced by '*', as rrweb's own text masking does. */
    String maskText(String text, String rule, String action, int id) {
        StringBuilder masked = new StringBuilder(text.length());
        int chars = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                masked.append(c);
            } else {
                masked.append('*');
                chars++;
            }
        }
        if (chars == 0) {
            return text;
        }
        hit(rule, action, mirror.pathOf(id), 1, chars, 0);
        return masked.toString();
    }

    /** An input value replaced by '*' of the same length, as rrweb masks inputs; reported at node {@code id}'s path. */
    String maskValue(String value, String rule, String action, int id) {
        if (value.isEmpty()) {
            return value;
        }
        hit(rule, action, mirror.pathOf(id), 1, value.length(), 0);
        return "*".repeat(value.length());
    }

    /** Text with every configured pattern replaced; the same instance when nothing matched. */
    String patterns(String text, String path) {
        return record(rules.patterns().scrub(text), path, -1);
    }

    /** {@link #patterns(String, String)} reported at node {@code id}'s path. */
    String patterns(String text, int id) {
        return record(rules.patterns().scrub(text), null, id);
    }

    /** A URL with sensitive query parameters and patterns replaced. */
    String url(String url, String path) {
        return record(rules.urls().scrub(url), path, -1);
    }

    /** {@link #url(String, String)} reported at node {@code id}'s path. */
    String url(String url, int id) {
        return record(rules.urls().scrub(url), null, id);
    }

    private String record(Scrubbed scrubbed, String path, int id) {
        if (scrubbed.hits().isEmpty()) {
            return scrubbed.text();
        }
        String where = path(path, id);
        for (Hit hit : scrubbed.hits()) {
            String action = hit.ruleId().startsWith("url-param:") ? "url-param" : "pattern";
            report.hit(hit.ruleId(), action, position, where, 0, hit.chars(), 0);
            changed = true;
        }
        return scrubbed.text();
    }

    private String path(String path, int id) {
        return path != null ? path : mirror.pathOf(id);
    }
}
