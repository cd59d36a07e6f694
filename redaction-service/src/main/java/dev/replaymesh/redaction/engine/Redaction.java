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

    /** Text with every non-blank character replaced by '*', as rrweb's own text masking does. */
    String maskText(String text, String rule, String action, String path) {
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
        hit(rule, action, path, 1, chars, 0);
        return masked.toString();
    }

    /** An input value replaced by '*' of the same length, as rrweb masks inputs. */
    String maskValue(String value, String rule, String action, String path) {
        if (value.isEmpty()) {
            return value;
        }
        hit(rule, action, path, 1, value.length(), 0);
        return "*".repeat(value.length());
    }

    /** Text with every configured pattern replaced; the same instance when nothing matched. */
    String patterns(String text, String path) {
        return record(rules.patterns().scrub(text), path);
    }

    /** A URL with sensitive query parameters and patterns replaced. */
    String url(String url, String path) {
        return record(rules.urls().scrub(url), path);
    }

    private String record(Scrubbed scrubbed, String path) {
        for (Hit hit : scrubbed.hits()) {
            String action = hit.ruleId().startsWith("url-param:") ? "url-param" : "pattern";
            report.hit(hit.ruleId(), action, position, path, 0, hit.chars(), 0);
            changed = true;
        }
        return scrubbed.text();
    }
}
